// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.testkit.models.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application module that says only {@code requires dev.mlops.runtime;} compiles, runs on the module path without
 * {@code --add-modules}, and serves a verified bundle; {@code dev.mlops.runtime.internal} is out of its reach, at
 * compile time and by reflection. The application is compiled with the JDK's compiler and run in a child JVM whose
 * module path holds this module's classes and its run-time dependencies, as a user's launcher would set it.
 */
class ModulePathTest {
    @TempDir
    Path tmp;

    /** The module path: this module's classes and every main dependency, no test framework. */
    static String modulePath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = e.replace('\\', '/').toLowerCase(Locale.ROOT);
            boolean testOnly = n.endsWith("/test-classes") || n.contains("junit") || n.contains("assertj")
                    || n.contains("opentest4j") || n.contains("apiguardian") || n.contains("surefire")
                    || n.contains("mlops-testkit") || n.contains("tribuo") || n.contains("protobuf")
                    || n.contains("json-schema") || n.contains("byte-buddy");
            if (!testOnly && Files.exists(Path.of(e))) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    static int javac(Path out, String modulePath, Path... sources) {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "--module-path",
                modulePath));
        for (Path s : sources) {
            args.add(s.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, err, err, args.toArray(String[]::new));
        LAST_COMPILER_OUTPUT = err.toString(StandardCharsets.UTF_8);
        return rc;
    }

    static String LAST_COMPILER_OUTPUT = "";

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void anApplicationRequiringOnlyTheRuntime_compilesRunsAndServesOnTheModulePath() throws Exception {
        Path bundle = TestBundles.packed(tmp.resolve("linear"), TestModels.linear(), "linear", "1.0.0");
        Path src = tmp.resolve("src");
        Path info = write(src.resolve("module-info.java"), "module app { requires dev.mlops.runtime; }\n");
        Path main = write(src.resolve("app/Main.java"), """
                package app;

                import dev.mlops.api.RuntimeModel;
                import dev.mlops.runtime.ModelRuntime;
                import java.nio.file.Path;

                public final class Main {
                    public static void main(String[] args) throws Exception {
                        try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                                RuntimeModel model = runtime.open(Path.of(args[0]))) {
                            float[][] y = model.predict(new float[][] {{1f}, {2f}});
                            System.out.println("served " + y[0][0] + " " + y[1][0] + " on "
                                    + model.executionProvider() + " from module " + Main.class.getModule().getName());
                        }
                        try {
                            Class<?> internal = Class.forName("dev.mlops.runtime.internal.InputCheck");
                            internal.getMethods()[0].invoke(null, new Object[0]);
                            System.out.println("internal reachable");
                        } catch (IllegalAccessException e) {
                            System.out.println("internal unreachable");
                        } catch (ReflectiveOperationException | IllegalArgumentException e) {
                            System.out.println("internal reachable: " + e);
                        }
                    }
                }
                """);
        String modulePath = modulePath();
        Path classes = tmp.resolve("classes");
        assertThat(javac(classes, modulePath, info, main)).as(LAST_COMPILER_OUTPUT).isZero();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + tmp,
                "--module-path", classes + File.pathSeparator + modulePath, "--module", "app/app.Main",
                bundle.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String output;
        try (Stream<String> lines = p.inputReader(StandardCharsets.UTF_8).lines()) {
            output = lines.collect(Collectors.joining("\n"));
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("served 3.0 5.0 on cpu from module app").contains("internal unreachable")
                .doesNotContain("internal reachable");
    }

    @Test
    void anApplicationImportingTheRuntimesInternals_doesNotCompile() throws IOException {
        Path src = tmp.resolve("bad");
        Path info = write(src.resolve("module-info.java"), "module bad { requires dev.mlops.runtime; }\n");
        Path main = write(src.resolve("bad/Main.java"), """
                package bad;

                public final class Main {
                    public static void main(String[] args) {
                        System.out.println(dev.mlops.runtime.internal.InputCheck.class);
                    }
                }
                """);
        assertThat(javac(tmp.resolve("bad-classes"), modulePath(), info, main)).isNotZero();
        assertThat(LAST_COMPILER_OUTPUT).contains("dev.mlops.runtime.internal")
                .containsAnyOf("is not visible", "does not export");
    }
}
