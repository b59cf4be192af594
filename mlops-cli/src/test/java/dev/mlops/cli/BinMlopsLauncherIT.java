// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: {@code bin/mlops} runs the built jar for any language's CI, passing arguments and the exit code through,
 * and says what is missing when it finds no jar or no java. Runs in {@code integration-test}, after {@code package}
 * has built {@code target/mlops.jar}; skipped, saying so, where the jar or a POSIX shell is not there.
 */
class BinMlopsLauncherIT {
    static final Path SCRIPT = Path.of("../bin/mlops").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    Path jar;

    @BeforeEach
    void needsTheJarAndASh() {
        jar = Path.of(System.getProperty("mlops.jar", "target/mlops.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            System.out.println("BinMlopsLauncherIT skipped: " + jar + " is not built (run mvn package first)");
        }
        assumeTrue(Files.isRegularFile(jar), jar + " is not built: run after package");
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh: bin/mlops is for POSIX shells");
    }

    @Test
    void launcher_runsTheJarNamedByMlopsJar_passingArgumentsAndExitCodes() throws Exception {
        assertThat(Files.isExecutable(SCRIPT)).as("bin/mlops is executable").isTrue();
        Map<String, String> env = Map.of("MLOPS_JAR", jar.toString());
        Run version = run(SCRIPT, env, "--version");
        assertThat(version.code()).as("%s", version).isZero();
        assertThat(version.out()).startsWith("mlops " + System.getProperty("mlops.version", ""));

        Path bundle = Fixtures.packedLinear(tmp.resolve("a bundle with spaces"));
        Run valid = run(SCRIPT, env, "validate", bundle.toString());
        assertThat(valid.code()).as("%s", valid).isZero();
        assertThat(valid.out()).startsWith("valid: linear 1.0.0 (sha256:");

        Run invalid = run(SCRIPT, env, "validate", tmp.resolve("nope").toString());
        assertThat(invalid.code()).as("%s", invalid).isEqualTo(2);
        assertThat(invalid.err()).contains("nope: no such file or directory");
        assertThat(run(SCRIPT, env, "verfy").code()).isEqualTo(64);
    }

    @Test
    void launcher_findsTheJarInTheLocalMavenRepository() throws Exception {
        String v = scriptVersion();
        Path home = tmp.resolve("home");
        Path m2 = Files.createDirectories(home.resolve(".m2/repository/dev/mlops/mlops-cli/" + v));
        Files.copy(jar, m2.resolve("mlops-cli-" + v + "-all.jar"));
        Path alone = Files.createDirectories(tmp.resolve("elsewhere/bin")).resolve("mlops");
        Files.copy(SCRIPT, alone); // no ../mlops-cli/target/mlops.jar next to this copy
        Run r = run(alone, Map.of("HOME", home.toString()), "--version");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("mlops ");
    }

    @Test
    void launcher_saysWhatIsMissing_whenThereIsNoJarOrNoJava() throws Exception {
        Path alone = Files.createDirectories(tmp.resolve("elsewhere/bin")).resolve("mlops");
        Files.copy(SCRIPT, alone);
        Run noJar = run(alone, Map.of("HOME", tmp.toString()), "--version");
        assertThat(noJar.code()).as("%s", noJar).isEqualTo(69);
        assertThat(noJar.err()).contains("mlops: cannot find the mlops jar", "MLOPS_JAR", "mlops-cli/target/mlops.jar",
                "mlops-cli-" + scriptVersion() + "-all.jar", "dependency:get");

        Run wrongJar = run(SCRIPT, Map.of("MLOPS_JAR", tmp.resolve("missing.jar").toString()), "--version");
        assertThat(wrongJar.code()).as("%s", wrongJar).isEqualTo(69);
        assertThat(wrongJar.err()).contains("MLOPS_JAR is " + tmp.resolve("missing.jar") + ", which is not a file");

        Run noJava = run(SCRIPT, Map.of("MLOPS_JAR", jar.toString(), "JAVA_HOME", tmp.toString()), "--version");
        assertThat(noJava.code()).as("%s", noJava).isEqualTo(69);
        assertThat(noJava.err()).contains("JAVA_HOME is " + tmp + ", but " + tmp + "/bin/java is not there");
        Run noJavaOnPath = run(SCRIPT, Map.of("MLOPS_JAR", jar.toString(), "JAVA_HOME", "",
                "PATH", tmp.toString()), "--version");
        assertThat(noJavaOnPath.code()).as("%s", noJavaOnPath).isEqualTo(69);
        assertThat(noJavaOnPath.err()).contains("cannot find java: set JAVA_HOME, or put java (17 or later) on the PATH");
    }

    @Test
    void launcher_versionIsTheProjectVersion() throws IOException {
        String project = System.getProperty("mlops.version");
        assumeTrue(project != null, "mlops.version is set by the pom");
        assertThat(scriptVersion()).as("bump bin/mlops and bin/mlops.cmd with the project version").isEqualTo(project);
        assertThat(Files.readString(SCRIPT.resolveSibling("mlops.cmd")))
                .contains("set \"version=" + project + "\"");
    }

    static String scriptVersion() throws IOException {
        Matcher m = Pattern.compile("version=\\$\\{MLOPS_VERSION:-([^}]+)}").matcher(Files.readString(SCRIPT));
        assertThat(m.find()).as("bin/mlops sets its version").isTrue();
        return m.group(1);
    }

    record Run(int code, String out, String err) {
    }

    /** Runs the script with {@code sh}, as a CI job would, with these variables added to the environment. */
    static Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("bin-mlops-", ".out");
        Path err = Files.createTempFile("bin-mlops-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("MLOPS_JAR");
            pb.environment().remove("MLOPS_VERSION");
            pb.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK running the tests
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bin/mlops did not finish in 120 s: " + command);
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
