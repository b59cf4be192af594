@echo off
rem SPDX-License-Identifier: Apache-2.0
rem mlops: runs the mlops CLI (the runnable jar) with the arguments given, and exits with its exit code.
rem The Windows equivalent of bin/mlops; the same search, in the same order:
rem   1. %MLOPS_JAR%                                        (an error when set to a file that is not there)
rem   2. ..\mlops-cli\target\mlops.jar next to this script  (a checkout, after mvn -B package -DskipTests)
rem   3. %USERPROFILE%\.m2\repository\dev\mlops\mlops-cli\V\mlops-cli-V-all.jar, V being %MLOPS_VERSION% or this
rem      script's version (after mvn install, or mvn dependency:get -Dartifact=dev.mlops:mlops-cli:V:jar:all)
rem Java: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else java on the PATH; %MLOPS_JAVA_OPTS% are passed to it.
rem Exit codes: the CLI's, or 69 when no jar or no java is found.
setlocal
set "version=%MLOPS_VERSION%"
if "%version%"=="" set "version=0.1.0-SNAPSHOT"
set "here=%~dp0"

if not "%MLOPS_JAR%"=="" (
    if not exist "%MLOPS_JAR%" (
        echo mlops: MLOPS_JAR is %MLOPS_JAR%, which is not a file 1>&2
        exit /b 69
    )
    set "jar=%MLOPS_JAR%"
    goto java
)
if exist "%here%..\mlops-cli\target\mlops.jar" (
    set "jar=%here%..\mlops-cli\target\mlops.jar"
    goto java
)
set "m2jar=%USERPROFILE%\.m2\repository\dev\mlops\mlops-cli\%version%\mlops-cli-%version%-all.jar"
if exist "%m2jar%" (
    set "jar=%m2jar%"
    goto java
)
echo mlops: cannot find the mlops jar. Looked for %%MLOPS_JAR%% (not set), 1>&2
echo   %here%..\mlops-cli\target\mlops.jar (build it: mvn -B package -DskipTests), 1>&2
echo   %m2jar% 1>&2
echo   (fetch it: mvn dependency:get -Dartifact=dev.mlops:mlops-cli:%version%:jar:all). 1>&2
exit /b 69

:java
if not "%JAVA_HOME%"=="" (
    if not exist "%JAVA_HOME%\bin\java.exe" (
        echo mlops: JAVA_HOME is %JAVA_HOME%, but %JAVA_HOME%\bin\java.exe is not there: set JAVA_HOME to a JDK 17 or later 1>&2
        exit /b 69
    )
    set "java=%JAVA_HOME%\bin\java.exe"
    goto run
)
where java >nul 2>nul
if errorlevel 1 (
    echo mlops: cannot find java: set JAVA_HOME, or put java 17 or later on the PATH 1>&2
    exit /b 69
)
set "java=java"

:run
"%java%" %MLOPS_JAVA_OPTS% -jar "%jar%" %*
exit /b %ERRORLEVEL%
