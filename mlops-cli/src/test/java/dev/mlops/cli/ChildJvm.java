// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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
        dev.mlops.testkit.console.ChildJvm.Result r = dev.mlops.testkit.console.ChildJvm.run(Main.class, jvmOptions,
                dev.mlops.testkit.console.ChildJvm.classPath(), env, args);
        return new Cli(r.exitCode(), r.stdout(), r.stderr());
    }
}
