// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.testkit.console.HeadlessChromium;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Locale;
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

    @TempDir
    Path dir;

    @Test
    void report_rendersInHeadlessChromium_withTheDriftFlagAndBars_andFetchesNothing() throws Exception {
        if (!HeadlessChromium.isAvailable()) {
            System.out.println("MonitorReportChromiumTest skipped: no " + HeadlessChromium.PATH
                    + " (apt-get install chromium; .ci/run does): the monitor report is not rendered in a browser"
                    + " here");
        }
        assumeTrue(HeadlessChromium.isAvailable(), "no " + HeadlessChromium.PATH
                + " (apt-get install chromium; .ci/run does): the monitor report is not rendered in a browser here");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> accept(server, connections), "report-test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String base = "http://127.0.0.1:" + server.getLocalPort();
            String feature = "<img src=\"" + base + "/feature.png\"><script>fetch('" + base + "/script')</script>";
            MonitorSnapshot snapshot = ReportBundles.monitoredSnapshot(dir, feature);
            Path page = MonitorReport.write(dir.resolve("monitor.html"), snapshot);

            HeadlessChromium.Rendered chromium = HeadlessChromium.render(page, dir);
            String stderr = chromium.log();
            String rendered = chromium.dom();

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
