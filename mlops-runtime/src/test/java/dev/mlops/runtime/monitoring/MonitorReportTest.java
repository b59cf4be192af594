// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor's HTML report, rendered from the snapshot of a real monitored model (a real bundle with training
 * statistics served by ONNX Runtime, see {@link ReportBundles}) whose second input feature is named
 * {@code <script>alert(1)</script>}.
 */
class MonitorReportTest {
    static final String SCRIPT_FEATURE = "<script>alert(1)</script>";

    @TempDir
    static Path dir;

    private static long sessionsBefore;
    private static MonitorSnapshot snapshot;
    private static String page;

    @BeforeAll
    static void monitorARealModel() {
        sessionsBefore = ModelRuntime.openSessions();
        snapshot = ReportBundles.monitoredSnapshot(dir, SCRIPT_FEATURE);
        page = MonitorReport.html(snapshot);
    }

    @AfterAll
    static void nothingLeaked() {
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    @Test
    void html_escapesAFeatureNamedScript_everywhereItAppears() {
        assertThat(page.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("</script");
        assertThat(page).contains("<code>x.&lt;script&gt;alert(1)&lt;/script&gt;</code>")
                .contains("data-feature=\"x.&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .contains("input &#39;x&#39; feature &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; in [0.0, 100.0]");
    }

    @Test
    void esc_escapesMarkupQuotesAndControlCharacters() {
        assertThat(MonitorReport.esc("a<b>&\"c'\n\u202e")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;\\u000a\\u202e");
    }

    @Test
    void num_givesFourSignificantDigitsWithoutTrailingZeros() {
        assertThat(List.of(0.01, 0.0025, 3.80449, 100.0, 1.7664e-84, 0.0, 12345.0, -59.0))
                .extracting(MonitorReport::num)
                .containsExactly("0.01", "0.0025", "3.804", "100", "1.766e-84", "0", "1.235e+04", "-59");
    }

    @Test
    void html_flagsTheDriftedFeature_andOnlyIt() {
        ModelSnapshot m = snapshot.models().get(0);
        assertThat(m.input("x", "temperature").orElseThrow().lastVerdict().orElseThrow().drifted()).isTrue();
        assertThat(m.input("x", SCRIPT_FEATURE).orElseThrow().lastVerdict().orElseThrow().drifted()).isFalse();

        assertThat(page).contains("<p class=\"banner drifted\" role=\"alert\">DRIFT: in the last window tested, "
                + "<code>x.temperature</code> differs from the training data");
        assertThat(page).contains("<tr class=\"verdict drifted\" data-feature=\"x.temperature\">")
                .contains("<tr class=\"verdict\" data-feature=\"x.&lt;script&gt;alert(1)&lt;/script&gt;\">")
                .contains("<figure class=\"feature input drifted\" data-feature=\"x.temperature\">")
                .contains("<figure class=\"feature input\" data-feature=\"x.&lt;script&gt;");
        assertThat(count(page, "<span class=\"flag drifted\">DRIFTED</span>")).as("table row and figure").isEqualTo(2);
        DriftVerdict v = m.input("x", "temperature").orElseThrow().lastVerdict().orElseThrow();
        assertThat(page).contains("<td>Kolmogorov-Smirnov</td><td class=\"num\">" + MonitorReport.num(v.distance())
                + "</td><td class=\"num\">" + MonitorReport.num(v.pValue())
                + "</td><td class=\"num\">" + MonitorReport.num(v.threshold())
                + "</td><td class=\"num\">" + MonitorReport.num(v.psi()) + "</td>");
        assertThat(page).contains("5 windows completed, 1 drifted");
    }

    @Test
    void html_drawsTrainingAndLiveBarsOnTheTrainingBins_andTheValuesOutsideTheirRange() {
        // two inputs and two outputs, ten training bins each: a training and a live bar per bin
        assertThat(count(page, "<rect class=\"bar training\"")).isEqualTo(40);
        assertThat(count(page, "<rect class=\"bar live\"")).isEqualTo(40);
        assertThat(count(page, "<rect class=\"bar live outside below\"")).isEqualTo(4);
        assertThat(count(page, "<rect class=\"bar live outside above\"")).isEqualTo(4);
        FeatureSnapshot t = snapshot.models().get(0).input("x", "temperature").orElseThrow();
        assertThat(t.belowRange()).isPositive();
        assertThat(t.aboveRange()).isPositive();
        assertThat(page).contains("<span class=\"outside-counts\">" + t.belowRange() + " below and "
                + t.aboveRange() + " above the training range</span>");
        assertThat(page).contains("<title>below " + String.format(Locale.ROOT, "%.4g",
                t.training().map(s -> ((dev.mlops.api.spec.FeatureStatistics.Numeric) s).min()).orElseThrow())
                + ": " + t.belowRange() + " live values");
    }

    @Test
    void html_showsTheHeader_requestsErrorsLatencyAndEnvelope() {
        ModelSnapshot m = snapshot.models().get(0);
        assertThat(m.requests()).isEqualTo(7);
        assertThat(page).contains("<title>Model monitor: weather-report 1.2.0</title>")
                .contains("<h2>weather-report 1.2.0</h2>")
                .contains("<code>" + m.model().deliveryId() + "</code>")
                .contains("<time id=\"taken-at\">2026-12-02T03:00:00Z</time>")
                .contains("<td class=\"num\" id=\"requests\">7</td>")
                .contains("<td class=\"num\" id=\"failures\">1</td>")
                .contains("<tr class=\"error\" data-kind=\"ENVELOPE_VIOLATION\"><th>&nbsp;&nbsp;envelope violation"
                        + "</th><td class=\"num\">1</td></tr>");
        assertThat(page).containsPattern("<td id=\"latency\">p50 [0-9.]+ (µs|ms|s), p90 [0-9.]+ (µs|ms|s), "
                + "p99 [0-9.]+ (µs|ms|s), mean [0-9.]+ (µs|ms|s) \\(7 calls\\)</td>");
        assertThat(page).contains("<tr class=\"constraint\" data-action=\"REJECT\"><td><code>input &#39;x&#39; "
                + "feature &#39;temperature&#39; in [-40.0, 60.0]</code></td><td>reject</td><td class=\"num\">1</td>"
                + "<td class=\"num\">1</td></tr>");
        assertThat(page).containsPattern("<tr class=\"constraint\" data-action=\"WARN\"><td><code>[^<]*</code></td>"
                + "<td>warn</td><td class=\"num\">1</td><td class=\"num\">1</td></tr>");
    }

    @Test
    void html_fetchesNothing_underAContentSecurityPolicyThatForbidsFetches() {
        assertThat(count(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">")).isEqualTo(1);
        assertThat(page.indexOf("Content-Security-Policy")).isLessThan(page.indexOf("<style>"));
        String lower = page.toLowerCase(Locale.ROOT);
        assertThat(lower).doesNotContain("http:").doesNotContain("https:").doesNotContain("//")
                .doesNotContain("src=").doesNotContain("href=").doesNotContain("<link").doesNotContain("@import")
                .doesNotContain("url(").doesNotContain("<img").doesNotContain("<iframe");
    }

    @Test
    void html_isAFunctionOfTheSnapshot() {
        assertThat(MonitorReport.html(snapshot)).isEqualTo(page);
        ModelSnapshot m = snapshot.models().get(0);
        assertThat(MonitorReport.html(m, snapshot.takenAt())).isEqualTo(page);
    }

    @Test
    void html_ofAFeatureWithoutTrainingStatistics_drawsItsLiveHistogramAlone() {
        ModelSnapshot m = snapshot.models().get(0);
        FeatureSnapshot t = m.input("x", "temperature").orElseThrow();
        FeatureSnapshot untrained = new FeatureSnapshot(t.tensor(), t.feature(), t.count(), t.missing(), t.live(), 0,
                0, java.util.Optional.empty(), java.util.Optional.empty(), 0, 0);
        ModelSnapshot one = new ModelSnapshot(m.model(), m.requests(), m.errors(), m.latency(), m.envelope(),
                List.of(untrained), List.of(), m.drift());
        String html = MonitorReport.html(one, snapshot.takenAt());
        int bins = t.live().orElseThrow().histogram().bins();
        assertThat(count(html, "<rect class=\"bar live\"")).isEqualTo(bins);
        assertThat(html).doesNotContain("<rect class=\"bar training\"").doesNotContain("outside below")
                .contains("no training statistics in the bundle")
                .contains("<td colspan=\"7\">no training statistics: not tested</td>")
                .contains("<span class=\"flag untested\">not tested</span>")
                .contains("<p>No numeric output feature is monitored.</p>");
    }

    @Test
    void html_ofAnEmptySnapshot_saysNoModelWasWrapped() {
        String empty = MonitorReport.html(new MonitorSnapshot(Instant.EPOCH, List.of()));
        assertThat(empty).contains("<p>The monitor has wrapped no model yet.</p>").endsWith("</html>\n");
    }

    @Test
    void write_replacesThePageInPlace_andNamesTheFileWhenItCannot() throws Exception {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        assertThat(MonitorReport.write(file, snapshot)).isEqualTo(file);
        assertThat(Files.readString(file)).isEqualTo(page);
        try (var listing = Files.list(dir)) {
            assertThat(listing.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        Path missing = dir.resolve("no-such-dir").resolve("report.html");
        assertThatThrownBy(() -> MonitorReport.write(missing, snapshot)).isInstanceOf(MonitoringException.class)
                .hasMessageStartingWith(missing + ": cannot write the monitor report");
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
