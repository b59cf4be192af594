// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Runs a class of the test class path in a fresh JVM, for checks that need their own heap or their own logging. */
public final class ChildJvm {
    /**
     * What the child did.
     *
     * @param exitCode its exit status
     * @param stdout what it printed to standard output
     * @param stderr what it printed to standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** @return everything, for assertion messages */
        public String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private ChildJvm() {
    }

    /** @return the {@code java} launcher of the running JVM */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** @return the entries of the test class path (Surefire puts the real one in {@code java.class.path}) */
    public static List<String> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /**
     * Runs {@code main} with the given JVM options and the class path entries {@code keep} accepts.
     *
     * @param main a class with a {@code main} method on the test class path
     * @param jvmOptions options such as {@code -Xmx64m}
     * @param keep which class path entries to keep
     * @param args the program's arguments
     * @return what it did
     */
    public static Result run(Class<?> main, List<String> jvmOptions, Predicate<String> keep, String... args)
            throws IOException, InterruptedException {
        return run(main, jvmOptions, classPath().stream().filter(keep).collect(Collectors.toList()), args);
    }

    /**
     * Runs {@code main} with the given JVM options and class path.
     *
     * @param main a class with a {@code main} method on {@code classPath}
     * @param jvmOptions options such as {@code -Xmx64m}
     * @param classPath the class path entries
     * @param args the program's arguments
     * @return what it did
     */
    public static Result run(Class<?> main, List<String> jvmOptions, List<String> classPath, String... args)
            throws IOException, InterruptedException {
        return run(main, jvmOptions, classPath, Map.of(), args);
    }

    /**
     * Runs {@code main} with the given JVM options, class path and environment variables added.
     *
     * @param main a class with a {@code main} method on {@code classPath}
     * @param jvmOptions options such as {@code -Xmx64m}
     * @param classPath the class path entries
     * @param env variables to add to the child's environment
     * @param args the program's arguments
     * @return what it did
     */
    public static Result run(Class<?> main, List<String> jvmOptions, List<String> classPath, Map<String, String> env,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("child-jvm", ".out");
        Path err = Files.createTempFile("child-jvm", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not end within 120 s: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
