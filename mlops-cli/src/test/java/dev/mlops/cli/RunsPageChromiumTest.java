// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.testkit.console.HeadlessChromium;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the page of {@code mlops runs compare --html}, rendered by a real browser (Debian's headless Chromium,
 * which {@code .ci/run} installs): no script error or console message (a blocked fetch would log one), and the runs
 * and plots are in the DOM the browser built. Skipped, saying so, where {@code /usr/bin/chromium} is absent.
 */
class RunsPageChromiumTest {
    @TempDir
    Path dir;

    @Test
    void comparePage_rendersInHeadlessChromium_withTheRunsAndAPlotPerMetricAndNoScriptError() throws Exception {
        assumeTrue(HeadlessChromium.isAvailable(), "no " + HeadlessChromium.PATH
                + " (apt-get install chromium; .ci/run does): the compare page is not rendered in a browser here");
        String store = RunsFixtures.seededStore(dir);
        Path page = dir.resolve("compare.html");
        Cli r = Cli.run("runs", "compare", "rain-1", "rain-4", "wind-1", "--store", store, "--html", page.toString());
        assertThat(r.code()).as("%s", r).isZero();

        HeadlessChromium.Rendered chromium = HeadlessChromium.render(page, dir);
        String stderr = chromium.log();
        String rendered = chromium.dom();

        assertThat(stderr).as("no script error").doesNotContain("Uncaught");
        assertThat(stderr.lines().filter(l -> l.contains(":CONSOLE")).toList())
                .as("no console message (a refused fetch or a CSP violation logs one)").isEmpty();
        assertThat(rendered).contains("<h1>Run comparison</h1>");
        for (String run : List.of("rain-1", "rain-4", "wind-1")) {
            assertThat(rendered).contains("<tr class=\"run\" data-run-id=\"" + run + "\">");
        }
        assertThat(rendered).contains("data-metric=\"auc on weather/test\"")
                .contains("data-metric=\"mae on weather/test\"");
        assertThat(count(rendered, "<figure class=\"history\"")).as("auc and logloss of rain, mae of wind")
                .isEqualTo(3);
        assertThat(count(rendered, "<polyline class=\"line\"")).isEqualTo(3);
        assertThat(count(rendered, "<circle class=\"point compared\"")).isEqualTo(5);
        assertThat(count(rendered, "<circle class=\"point\"")).as("rain-2, the run not compared, in both rain charts")
                .isEqualTo(2);
        assertThat(rendered).doesNotContain("<parsererror");
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
