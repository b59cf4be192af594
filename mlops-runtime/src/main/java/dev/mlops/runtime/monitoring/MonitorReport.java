// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a {@link MonitorSnapshot} as one self-contained HTML page, for people who would rather look than read.
 *
 * <p>Per model version: a header (name, version, delivery id, snapshot time, requests, errors by kind, latency p50,
 * p90 and p99 from the {@link LatencyHistogram}), a drift banner that turns red when the last window of any feature
 * drifted, the drift table (test, distance, p-value, threshold, PSI, windows tested and drifted, per input feature),
 * the envelope counts (reject and warn, per constraint), and per input and output feature the training and live
 * histograms on the training bins as inline SVG bars (live values below the first or above the last training edge are
 * drawn as two extra bars and counted in the caption).
 *
 * <p>The page fetches nothing: no script, no style sheet, font or image from elsewhere, and its
 * {@code Content-Security-Policy} ({@code default-src 'none'; style-src 'unsafe-inline'; img-src data:}) forbids any
 * fetch, so even a URL slipped in through a bundle's text loads nothing. Every text that comes from a bundle (model,
 * tensor and feature names, constraint descriptions) is HTML-escaped, control and format characters shown as
 * {@code \}{@code uXXXX}. The output is a function of the snapshot only: the same snapshot gives the same bytes
 * (numbers are formatted with {@link Locale#ROOT}).
 *
 * <p>Thread-safe: stateless.
 *
 * @since 0.2.0
 */
public final class MonitorReport {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 200;
    private static final int PAD_LEFT = 48;
    private static final int PAD_RIGHT = 12;
    private static final int PAD_TOP = 12;
    private static final int PAD_BOTTOM = 40;

    private MonitorReport() {
    }

    /**
     * Renders one page with a section per model version of the snapshot, in the snapshot's order.
     *
     * @param snapshot what a monitor measured
     * @return the page, a complete HTML document
     */
    public static String html(MonitorSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        String title = snapshot.models().size() == 1 ? "Model monitor: " + label(snapshot.models().get(0).model())
                : "Model monitor: " + snapshot.models().size() + " model versions";
        StringBuilder h = head(title);
        h.append("<h1>Model monitor</h1>\n<p>Snapshot taken <time id=\"taken-at\">")
                .append(esc(snapshot.takenAt().toString())).append("</time>; ").append(snapshot.models().size())
                .append(snapshot.models().size() == 1 ? " model version" : " model versions").append(".</p>\n");
        if (snapshot.models().isEmpty()) {
            h.append("<p>The monitor has wrapped no model yet.</p>\n");
        }
        for (ModelSnapshot m : snapshot.models()) {
            model(h, m, snapshot.takenAt());
        }
        return h.append("</body>\n</html>\n").toString();
    }

    /**
     * Renders one page for one model version.
     *
     * @param model the model version's snapshot, for example {@code monitor.snapshot().model("weather", "1.0.0")}
     * @param takenAt when the snapshot was taken ({@link MonitorSnapshot#takenAt()})
     * @return the page, a complete HTML document
     */
    public static String html(ModelSnapshot model, Instant takenAt) {
        return html(new MonitorSnapshot(takenAt, List.of(Objects.requireNonNull(model, "model"))));
    }

    /**
     * Writes {@link #html(MonitorSnapshot)} to a file in UTF-8, through a temporary file in the same directory moved
     * into place, so a reader never sees half a page.
     *
     * @param file the page to write; its directory must exist; an existing file is replaced
     * @param snapshot what a monitor measured
     * @return {@code file}
     * @throws MonitoringException naming the file when it cannot be written
     */
    public static Path write(Path file, MonitorSnapshot snapshot) {
        Objects.requireNonNull(file, "file");
        String page = html(snapshot);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.writeString(tmp, page, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one reported
                }
            }
            throw new MonitoringException(file + ": cannot write the monitor report (expected a writable file in an "
                    + "existing directory): " + e, e);
        }
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(32_768)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>").append(esc(title)).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:0.5em 0 1em}\n")
                .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}\n")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("tr.drifted td,tr.drifted th{background:#fde0dc}\n")
                .append("code{font-size:90%}\n")
                .append("section.model{border-top:2px solid #888;margin-top:2em}\n")
                .append(".banner{padding:8px 12px;margin:1em 0;border-radius:4px;font-weight:bold}\n")
                .append(".banner.ok{background:#e3f4e1;border:1px solid #3c9a3c}\n")
                .append(".banner.drifted{background:#fde0dc;border:2px solid #c62828;color:#8e1b1b}\n")
                .append(".flag{display:inline-block;padding:1px 6px;border-radius:3px;font-size:85%;"
                        + "font-weight:bold}\n")
                .append(".flag.drifted{background:#c62828;color:#fff}\n")
                .append(".flag.ok{background:#3c9a3c;color:#fff}\n")
                .append(".flag.untested{background:#999;color:#fff}\n")
                .append("figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}\n")
                .append("figure.drifted{outline:3px solid #c62828;outline-offset:2px}\n")
                .append("figcaption{font-size:90%;margin-bottom:4px;max-width:560px}\n")
                .append("svg .bar.training{fill:#9db7e0}\n")
                .append("svg .bar.live{fill:#e8883a}\n")
                .append("svg .bar.outside{fill:#c62828}\n")
                .append("svg .axis{stroke:#888;stroke-width:1}\n")
                .append("svg text{font-size:10px;fill:#444}\n")
                .append(".key{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}\n")
                .append(".key.training{background:#9db7e0}\n.key.live{background:#e8883a}\n")
                .append(".key.outside{background:#c62828}\n")
                .append("</style>\n</head>\n<body>\n");
    }

    private static void model(StringBuilder h, ModelSnapshot m, Instant takenAt) {
        ModelKey k = m.model();
        h.append("<section class=\"model\" data-model=\"").append(esc(k.name())).append("\" data-version=\"")
                .append(esc(k.version())).append("\">\n<h2>").append(esc(label(k))).append("</h2>\n");
        LatencyHistogram lat = m.latency();
        h.append("<table class=\"summary\">\n")
                .append(row("model", esc(k.name())))
                .append(row("version", esc(k.version())))
                .append(row("delivery id", "<code>" + esc(k.deliveryId()) + "</code>"))
                .append(row("snapshot taken", esc(takenAt.toString())))
                .append("<tr><th>requests</th><td class=\"num\" id=\"requests\">").append(m.requests())
                .append("</td></tr>\n")
                .append("<tr><th>errors</th><td class=\"num\" id=\"failures\">").append(m.failures())
                .append("</td></tr>\n");
        for (ErrorKind e : ErrorKind.values()) {
            h.append("<tr class=\"error\" data-kind=\"").append(e.name()).append("\"><th>&nbsp;&nbsp;")
                    .append(e.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</th><td class=\"num\">")
                    .append(m.errors().get(e)).append("</td></tr>\n");
        }
        h.append("<tr><th>latency</th><td id=\"latency\">");
        if (lat.count() == 0) {
            h.append("no call yet");
        } else {
            h.append("p50 ").append(duration(lat.quantileNanos(0.5))).append(", p90 ")
                    .append(duration(lat.quantileNanos(0.9))).append(", p99 ")
                    .append(duration(lat.quantileNanos(0.99))).append(", mean ").append(duration(lat.meanNanos()))
                    .append(" (").append(lat.count()).append(" calls)");
        }
        h.append("</td></tr>\n</table>\n");
        drift(h, m);
        envelope(h, m);
        h.append("<h3>Inputs</h3>\n");
        legend(h);
        features(h, m.inputs(), "input", "No numeric input feature is monitored.");
        h.append("<h3>Outputs</h3>\n");
        features(h, m.outputs(), "output", "No numeric output feature is monitored.");
        h.append("</section>\n");
    }

    private static void drift(StringBuilder h, ModelSnapshot m) {
        DriftSummary d = m.drift();
        List<FeatureSnapshot> drifted = new ArrayList<>();
        for (FeatureSnapshot f : m.inputs()) {
            if (f.lastVerdict().map(DriftVerdict::drifted).orElse(false)) {
                drifted.add(f);
            }
        }
        if (!drifted.isEmpty()) {
            h.append("<p class=\"banner drifted\" role=\"alert\">DRIFT: in the last window tested, ");
            for (int i = 0; i < drifted.size(); i++) {
                FeatureSnapshot f = drifted.get(i);
                h.append(i == 0 ? "" : ", ").append("<code>").append(esc(f.tensor() + "." + f.feature()))
                        .append("</code>");
            }
            h.append(drifted.size() == 1 ? " differs" : " differ").append(" from the training data (")
                    .append(d.windowsDrifted()).append(" of ").append(d.windows())
                    .append(" windows drifted so far).</p>\n");
        } else if (d.windows() == 0) {
            h.append("<p class=\"banner ok\">No drift window completed yet (a window holds ").append(d.windowRows())
                    .append(" rows).</p>\n");
        } else {
            h.append("<p class=\"banner ok\">No drift in the last window tested (").append(d.windowsDrifted())
                    .append(" of ").append(d.windows()).append(" windows drifted so far).</p>\n");
        }
        h.append("<h3>Drift</h3>\n<p>Kolmogorov-Smirnov test of each window of ").append(d.windowRows())
                .append(" rows against the training statistics in the bundle; ").append(d.testedFeatures())
                .append(d.testedFeatures() == 1 ? " feature" : " features").append(" tested, each at alpha ")
                .append(num(d.alpha())).append(" / ").append(Math.max(1, d.testedFeatures()))
                .append(" (family-wise alpha ").append(num(d.alpha())).append("); ").append(d.windows())
                .append(" windows completed, ").append(d.windowsDrifted())
                .append(" drifted. PSI is shown beside the test and decides nothing.</p>\n");
        h.append("<table id=\"drift\">\n<tr><th>feature</th><th>verdict</th><th>last window</th><th>values</th>")
                .append("<th>test</th><th>distance</th><th>p-value</th><th>threshold</th><th>PSI</th>")
                .append("<th>windows tested</th><th>windows drifted</th></tr>\n");
        for (FeatureSnapshot f : m.inputs()) {
            Optional<DriftVerdict> v = f.lastVerdict();
            boolean isDrifted = v.map(DriftVerdict::drifted).orElse(false);
            h.append("<tr class=\"verdict").append(isDrifted ? " drifted" : "").append("\" data-feature=\"")
                    .append(esc(f.tensor() + "." + f.feature())).append("\"><th><code>")
                    .append(esc(f.tensor() + "." + f.feature())).append("</code></th><td>").append(flag(f))
                    .append("</td>");
            if (v.isPresent()) {
                DriftVerdict x = v.get();
                h.append("<td class=\"num\">").append(x.window()).append("</td><td class=\"num\">")
                        .append(x.values()).append("</td><td>")
                        .append(x.test() == DriftTest.CHI_SQUARE ? "chi-square" : "Kolmogorov-Smirnov")
                        .append("</td><td class=\"num\">").append(num(x.distance()))
                        .append("</td><td class=\"num\">").append(num(x.pValue())).append("</td><td class=\"num\">")
                        .append(num(x.threshold())).append("</td><td class=\"num\">").append(num(x.psi()))
                        .append("</td>");
            } else {
                h.append("<td colspan=\"7\">")
                        .append(f.training().isPresent() ? "not tested yet" : "no training statistics: not tested")
                        .append("</td>");
            }
            h.append("<td class=\"num\">").append(f.windowsTested()).append("</td><td class=\"num\">")
                    .append(f.windowsDrifted()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String flag(FeatureSnapshot f) {
        Optional<DriftVerdict> v = f.lastVerdict();
        if (v.isEmpty()) {
            return "<span class=\"flag untested\">not tested</span>";
        }
        return v.get().drifted() ? "<span class=\"flag drifted\">DRIFTED</span>"
                : "<span class=\"flag ok\">no drift</span>";
    }

    private static void envelope(StringBuilder h, ModelSnapshot m) {
        h.append("<h3>Operating envelope</h3>\n");
        if (m.envelope().isEmpty()) {
            h.append("<p>The model declares no constraint.</p>\n");
            return;
        }
        h.append("<table id=\"envelope\">\n<tr><th>constraint</th><th>action</th><th>requests outside</th>")
                .append("<th>values outside</th></tr>\n");
        for (EnvelopeCount c : m.envelope()) {
            h.append("<tr class=\"constraint\" data-action=\"").append(c.action().name()).append("\"><td><code>")
                    .append(esc(c.constraint())).append("</code></td><td>")
                    .append(c.action() == ConstraintAction.REJECT ? "reject" : "warn")
                    .append("</td><td class=\"num\">").append(c.requests()).append("</td><td class=\"num\">")
                    .append(c.values()).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void legend(StringBuilder h) {
        h.append("<p class=\"legend\">Share of values per training bin:<span class=\"key training\"></span>training")
                .append("<span class=\"key live\"></span>live<span class=\"key outside\"></span>live, outside the")
                .append(" training range.</p>\n");
    }

    private static void features(StringBuilder h, List<FeatureSnapshot> list, String side, String none) {
        if (list.isEmpty()) {
            h.append("<p>").append(none).append("</p>\n");
        }
        for (FeatureSnapshot f : list) {
            feature(h, f, side);
        }
    }

    private static void feature(StringBuilder h, FeatureSnapshot f, String side) {
        String name = f.tensor() + "." + f.feature();
        boolean drifted = f.lastVerdict().map(DriftVerdict::drifted).orElse(false);
        Optional<FeatureStatistics.Numeric> training = f.training()
                .filter(t -> t instanceof FeatureStatistics.Numeric).map(t -> (FeatureStatistics.Numeric) t);
        h.append("<figure class=\"feature ").append(side).append(drifted ? " drifted" : "")
                .append("\" data-feature=\"").append(esc(name)).append("\">\n<figcaption><code>").append(esc(name))
                .append("</code>");
        if ("input".equals(side)) {
            h.append(' ').append(flag(f));
        }
        h.append("<br>live: ").append(f.count()).append(" values, ").append(f.missing()).append(" missing");
        f.live().ifPresent(l -> h.append(", mean ").append(num(l.mean())).append(", std ").append(num(l.std()))
                .append(", min ").append(num(l.min())).append(", max ").append(num(l.max())));
        if (training.isPresent()) {
            FeatureStatistics.Numeric t = training.get();
            h.append("; <span class=\"outside-counts\">").append(f.belowRange()).append(" below and ")
                    .append(f.aboveRange()).append(" above the training range</span>")
                    .append("<br>training: ").append(t.count()).append(" values, mean ").append(num(t.mean()))
                    .append(", std ").append(num(t.std())).append(", min ").append(num(t.min())).append(", max ")
                    .append(num(t.max()));
        } else if (f.training().isPresent()) {
            h.append("<br>training: categorical statistics, not drawn");
        } else {
            h.append("<br>no training statistics in the bundle");
        }
        h.append("</figcaption>\n");
        Optional<Histogram> bins = training.map(FeatureStatistics.Numeric::histogram)
                .or(() -> f.live().map(FeatureStatistics.Numeric::histogram));
        if (bins.isEmpty()) {
            h.append("<p>No value served yet.</p>\n</figure>\n");
            return;
        }
        chart(h, name, bins.get().edges(), training.map(t -> t.histogram().counts()),
                f.live().map(l -> l.histogram().counts()), training.isPresent() ? f.belowRange() : 0,
                training.isPresent() ? f.aboveRange() : 0);
        h.append("</figure>\n");
    }

    /** Bars of shares: per bin a training and a live bar, then the live values below and above the edges. */
    private static void chart(StringBuilder h, String name, List<Double> edges, Optional<List<Long>> training,
            Optional<List<Long>> live, long below, long above) {
        int bins = edges.size() - 1;
        boolean outside = training.isPresent() && live.isPresent();
        int slots = bins + (outside ? 2 : 0);
        long trainingTotal = training.map(MonitorReport::sum).orElse(0L);
        long liveTotal = live.map(MonitorReport::sum).orElse(0L) + below + above;
        double[] tShare = new double[bins];
        double[] lShare = new double[bins];
        double max = 0;
        for (int i = 0; i < bins; i++) {
            tShare[i] = share(training.isPresent() ? training.get().get(i) : 0, trainingTotal);
            lShare[i] = share(live.isPresent() ? live.get().get(i) : 0, liveTotal);
            max = Math.max(max, Math.max(tShare[i], lShare[i]));
        }
        double belowShare = share(below, liveTotal);
        double aboveShare = share(above, liveTotal);
        max = Math.max(max, Math.max(belowShare, aboveShare));
        if (max <= 0) {
            max = 1;
        }
        double plotW = WIDTH - PAD_LEFT - PAD_RIGHT;
        double plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
        double slotW = plotW / slots;
        double barW = slotW * 0.4;
        int bottom = HEIGHT - PAD_BOTTOM;
        h.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(esc(name + ": training and live histograms")).append("\">\n");
        h.append("<line class=\"axis\" x1=\"").append(PAD_LEFT).append("\" y1=\"").append(PAD_TOP).append("\" x2=\"")
                .append(PAD_LEFT).append("\" y2=\"").append(bottom).append("\"/>\n<line class=\"axis\" x1=\"")
                .append(PAD_LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"").append(WIDTH - PAD_RIGHT)
                .append("\" y2=\"").append(bottom).append("\"/>\n");
        h.append("<text x=\"").append(PAD_LEFT - 4).append("\" y=\"").append(PAD_TOP + 4)
                .append("\" text-anchor=\"end\">").append(percent(max)).append("</text>\n<text x=\"")
                .append(PAD_LEFT - 4).append("\" y=\"").append(bottom).append("\" text-anchor=\"end\">0%</text>\n");
        int first = outside ? 1 : 0;
        if (outside) {
            bar(h, "live outside below", PAD_LEFT + slotW * 0.5 - barW / 2, barW, belowShare, max, plotH, bottom,
                    "below " + num(edges.get(0)) + ": " + below + " live values (" + percent(belowShare) + ")");
            label(h, PAD_LEFT + slotW * 0.5, bottom + 14, "below");
        }
        for (int i = 0; i < bins; i++) {
            double x0 = PAD_LEFT + slotW * (first + i);
            String range = "[" + num(edges.get(i)) + ", " + num(edges.get(i + 1)) + (i == bins - 1 ? "]" : ")");
            if (training.isPresent()) {
                bar(h, "training", x0 + slotW * 0.1, barW, tShare[i], max, plotH, bottom, "training " + range + ": "
                        + training.get().get(i) + " values (" + percent(tShare[i]) + ")");
            }
            if (live.isPresent()) {
                bar(h, "live", x0 + slotW * 0.5, barW, lShare[i], max, plotH, bottom, "live " + range + ": "
                        + live.get().get(i) + " values (" + percent(lShare[i]) + ")");
            }
        }
        if (outside) {
            bar(h, "live outside above", PAD_LEFT + slotW * (slots - 0.5) - barW / 2, barW, aboveShare, max, plotH,
                    bottom, "above " + num(edges.get(bins)) + ": " + above + " live values (" + percent(aboveShare)
                    + ")");
            label(h, PAD_LEFT + slotW * (slots - 0.5), bottom + 14, "above");
        }
        label(h, PAD_LEFT + slotW * first, bottom, esc(num(edges.get(0))));
        label(h, PAD_LEFT + slotW * (first + bins), bottom, esc(num(edges.get(bins))));
        h.append("</svg>\n");
    }

    private static void bar(StringBuilder h, String cls, double x, double w, double share, double max, double plotH,
            int bottom, String title) {
        double height = plotH * share / max;
        h.append("<rect class=\"bar ").append(cls).append("\" x=\"").append(coord(x)).append("\" y=\"")
                .append(coord(bottom - height)).append("\" width=\"").append(coord(w)).append("\" height=\"")
                .append(coord(height)).append("\"><title>").append(esc(title)).append("</title></rect>\n");
    }

    private static void label(StringBuilder h, double x, int bottom, String escaped) {
        h.append("<text x=\"").append(coord(x)).append("\" y=\"").append(bottom + 14)
                .append("\" text-anchor=\"middle\">").append(escaped).append("</text>\n");
    }

    private static long sum(List<Long> counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    private static double share(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }

    private static String row(String header, String escapedValue) {
        return "<tr><th>" + header + "</th><td>" + escapedValue + "</td></tr>\n";
    }

    private static String label(ModelKey k) {
        return k.name() + " " + k.version();
    }

    private static String duration(double nanos) {
        if (nanos < 1e6) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < 1e9) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** Four significant digits, trailing zeros of the mantissa dropped: {@code 0.01}, {@code 3.804}, {@code 1.8e-84}. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Escapes text for HTML content and attribute values; control and format characters as {@code \}{@code uXXXX}. */
    static String esc(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    sb.append("&amp;");
                    break;
                case '<':
                    sb.append("&lt;");
                    break;
                case '>':
                    sb.append("&gt;");
                    break;
                case '"':
                    sb.append("&quot;");
                    break;
                case '\'':
                    sb.append("&#39;");
                    break;
                default:
                    int type = Character.getType(c);
                    if (type == Character.CONTROL || type == Character.FORMAT) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
