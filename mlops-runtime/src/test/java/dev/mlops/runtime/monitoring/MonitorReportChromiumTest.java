// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's HTML report rendered by a real browser (Debian's headless Chromium, which {@code .ci/run} installs),
 * as {@code RunsPageChromiumTest} renders the run-comparison page: the page of a real monitored model whose second
 * feature's name is markup pointing at a local server loads with no script error, no console message (a blocked
 * fetch or a CSP violation would log one) and no connection to that server, and the DOM the browser built shows the
 * model, the drift flag and the bars. Skipped, saying so, where {@code /usr/bin/chromium} is absent.
 */
class MonitorReportChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void report_rendersInHeadlessChromium_withTheDriftFlagAndBars_andFetchesNothing() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("MonitorReportChromiumTest skipped: no " + CHROMIUM + " (apt-get install chromium;"
                    + " .ci/run does): the monitor report is not rendered in a browser here");
        }
        assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install chromium; .ci/run does):"
                + " the monitor report is not rendered in a browser here");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> accept(server, connections), "report-test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String base = "http://127.0.0.1:" + server.getLocalPort();
            String feature = "<img src=\"" + base + "/feature.png\"><script>fetch('" + base + "/script')</script>";
            MonitorSnapshot snapshot = ReportBundles.monitoredSnapshot(dir, feature);
            Path page = MonitorReport.write(dir.resolve("monitor.html"), snapshot);

            Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
            Path dom = dir.resolve("dom.html");
            Path log = dir.resolve("chromium.log");
            Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                    "--dump-dom", page.toUri().toString()))
                    .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
            boolean done = p.waitFor(120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String stderr = Files.readString(log);
            assertThat(done).as("chromium finished within 120 s; its log:\n%s", stderr).isTrue();
            assertThat(p.exitValue()).as("chromium's exit status; its log:\n%s", stderr).isZero();
            String rendered = Files.readString(dom);

            assertThat(stderr).as("no script error").doesNotContain("Uncaught");
            assertThat(stderr.lines().filter(l -> l.contains(":CONSOLE")).toList())
                    .as("no console message (a refused fetch or a CSP violation logs one)").isEmpty();
            assertThat(connections.get()).as("connections to the URLs in the feature's name").isZero();
            String lower = rendered.toLowerCase(Locale.ROOT);
            assertThat(lower).as("the feature's markup stayed text").doesNotContain("<img").doesNotContain("<script");
            assertThat(rendered).contains("x.&lt;img src=\"" + base + "/feature.png\"&gt;&lt;script&gt;fetch(");

            assertThat(rendered).contains("<h1>Model monitor</h1>").contains("<h2>weather-report 1.2.0</h2>")
                    .contains("DRIFT: in the last window tested, <code>x.temperature</code> differs")
                    .contains("<tr class=\"verdict drifted\" data-feature=\"x.temperature\">")
                    .contains("<figure class=\"feature input drifted\" data-feature=\"x.temperature\">");
            assertThat(MonitorReportTest.count(rendered, "<rect class=\"bar training\"")).isEqualTo(40);
            assertThat(MonitorReportTest.count(rendered, "<rect class=\"bar live\"")).isEqualTo(40);
            assertThat(MonitorReportTest.count(rendered, "<svg ")).isEqualTo(4);
            assertThat(rendered).doesNotContain("<parsererror");
        }
    }

    private static void accept(ServerSocket server, AtomicInteger connections) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                s.close();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
