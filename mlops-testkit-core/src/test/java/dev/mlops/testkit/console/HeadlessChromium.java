// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a local HTML page in Debian's headless Chromium ({@code .ci/run} installs it) and returns the DOM after
 * load with Chromium's log, for the tests that check a self-contained page renders, runs no script and fetches
 * nothing. Callers skip when {@link #isAvailable()} is false.
 */
public final class HeadlessChromium {
    /** Where Debian's {@code chromium} package puts the browser. */
    public static final Path PATH = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /**
     * What Chromium rendered.
     *
     * @param dom the page's DOM after load ({@code --dump-dom})
     * @param log Chromium's standard error, with console messages ({@code --enable-logging=stderr})
     */
    public record Rendered(String dom, String log) {
    }

    /** @return whether {@link #PATH} is an executable here */
    public static boolean isAvailable() {
        return Files.isExecutable(PATH);
    }

    /**
     * Renders {@code page} with a fresh profile under {@code work}, no network services, and asserts that Chromium
     * finished within 120 s with exit status 0 (the log in the message when not).
     *
     * @param page the HTML file
     * @param work an empty directory for the profile, the DOM and the log
     * @return the DOM and the log
     * @throws IOException when a file cannot be written or read
     * @throws InterruptedException when interrupted while Chromium runs
     */
    public static Rendered render(Path page, Path work) throws IOException, InterruptedException {
        Path profile = Files.createDirectory(work.resolve("chromium-profile"));
        Path dom = work.resolve("dom.html");
        Path log = work.resolve("chromium.log");
        Process p = new ProcessBuilder(List.of(PATH.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--dump-dom",
                page.toUri().toString()))
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stderr = Files.readString(log);
        assertThat(done).as("chromium finished within 120 s; its log:\n%s", stderr).isTrue();
        assertThat(p.exitValue()).as("chromium's exit status; its log:\n%s", stderr).isZero();
        return new Rendered(Files.readString(dom), stderr);
    }
}
