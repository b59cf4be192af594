// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the CLI's {@code main} in a child JVM with the test class path, as the {@code mlops} command runs. */
final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * Runs {@code java [jvmOptions] dev.mlops.cli.Main args} and waits for it.
     *
     * @param env variables to add to the environment
     * @param jvmOptions options before the main class, such as {@code -Xmx32m}
     * @param args the command line
     */
    static Cli run(Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("mlops-child-", ".out");
        Path err = Files.createTempFile("mlops-child-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the CLI did not finish in 120 s: " + command);
            }
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
