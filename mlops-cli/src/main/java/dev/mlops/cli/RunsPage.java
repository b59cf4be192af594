// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.research.store.MetricKey;
import dev.mlops.research.store.RunComparison;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A run comparison as one self-contained HTML page: the metrics side by side, and each model's metric history plotted
 * as inline SVG. No script, no style sheet, font or image from elsewhere; the page's Content-Security-Policy forbids
 * any fetch, so even a link slipped in through a run's text loads nothing. Every text from the store is escaped.
 */
final class RunsPage {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 220;
    private static final int PAD_LEFT = 64;
    private static final int PAD_RIGHT = 16;
    private static final int PAD_TOP = 16;
    private static final int PAD_BOTTOM = 40;

    private RunsPage() {
    }

    /**
     * Renders the page.
     *
     * @param store the store's URL, password redacted
     * @param comparison the runs compared
     * @param histories each compared run's model and its history, newest first (as {@code RunStore.history} gives it)
     */
    static String render(String store, RunComparison comparison, Map<String, List<RunRecord>> histories) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<title>Run comparison: ").append(esc(String.join(", ", comparison.runs().stream()
                        .map(RunRecord::runId).toList()))).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}\n")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\n")
                .append("td.value{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("td.missing{color:#999;text-align:center}\n")
                .append("code{font-size:90%}\n")
                .append("figure{display:inline-block;margin:0 1em 1em 0}\n")
                .append("figcaption{font-size:90%;margin-bottom:4px}\n")
                .append("svg .line{fill:none;stroke:#3366cc;stroke-width:2}\n")
                .append("svg .point{fill:#3366cc}\n")
                .append("svg .point.compared{fill:#dc3912;stroke:#222;stroke-width:1}\n")
                .append("svg .axis{stroke:#888;stroke-width:1}\n")
                .append("svg text{font-size:11px;fill:#444}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>Run comparison</h1>\n<p>Store <code>").append(esc(store)).append("</code>, ")
                .append(comparison.runs().size()).append(comparison.runs().size() == 1 ? " run" : " runs")
                .append(".</p>\n");
        runs(h, comparison);
        metrics(h, comparison);
        h.append("<h2>Metric history</h2>\n<p>Each model's runs in time order; the runs compared above are marked"
                + " red.</p>\n");
        Set<String> compared = comparison.runs().stream().map(RunRecord::runId).collect(Collectors.toSet());
        for (Map.Entry<String, List<RunRecord>> e : histories.entrySet()) {
            history(h, e.getKey(), e.getValue(), compared);
        }
        return h.append("</body>\n</html>\n").toString();
    }

    private static void runs(StringBuilder h, RunComparison comparison) {
        h.append("<h2>Runs</h2>\n<table id=\"runs\">\n<tr><th>run</th><th>model</th><th>task</th><th>status</th>")
                .append("<th>started</th><th>build id</th><th>config sha256</th><th>delivery id</th></tr>\n");
        for (RunRecord r : comparison.runs()) {
            h.append("<tr class=\"run\" data-run-id=\"").append(esc(r.runId())).append("\"><td><code>")
                    .append(esc(r.runId())).append("</code></td><td>")
                    .append(esc(r.modelName() + r.modelVersion().map(v -> " " + v).orElse(""))).append("</td><td>")
                    .append(esc(r.task())).append("</td><td>").append(esc(r.status().wireName()))
                    .append(r.error().map(e -> "<br><small>" + esc(e) + "</small>").orElse("")).append("</td><td>")
                    .append(esc(r.startedAt().toString())).append("</td><td><code>").append(esc(r.buildId()))
                    .append("</code></td><td><code>")
                    .append(esc(r.configSha256().map(c -> c.substring(0, RunViews.SHORT_HASH)).orElse("")))
                    .append("</code></td><td><code>").append(esc(r.deliveryId().orElse(""))).append("</code></td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void metrics(StringBuilder h, RunComparison comparison) {
        h.append("<h2>Metrics</h2>\n<table id=\"metrics\">\n<tr><th>metric</th>");
        for (RunRecord r : comparison.runs()) {
            h.append("<th><code>").append(esc(r.runId())).append("</code></th>");
        }
        h.append("</tr>\n");
        for (RunComparison.MetricRow row : comparison.rows()) {
            h.append("<tr class=\"metric\" data-metric=\"").append(esc(row.key().label())).append("\"><th>")
                    .append(esc(row.key().label())).append("</th>");
            for (var v : row.values()) {
                if (v.isPresent()) {
                    h.append("<td class=\"value\">").append(esc(RunViews.number(v.get()))).append("</td>");
                } else {
                    h.append("<td class=\"missing\">&ndash;</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** One chart per metric the model's runs measured: value against run, oldest left. */
    private static void history(StringBuilder h, String model, List<RunRecord> newestFirst, Set<String> compared) {
        List<RunRecord> runs = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(runs);
        Map<MetricKey, List<Point>> series = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            for (RunMetric m : r.metrics()) {
                series.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(new Point(i, m.value(), r));
            }
        }
        h.append("<section class=\"model\" data-model=\"").append(esc(model)).append("\">\n<h3>")
                .append(esc(model)).append("</h3>\n");
        if (series.isEmpty()) {
            h.append("<p>No run of this model measured a metric.</p>\n");
        }
        for (Map.Entry<MetricKey, List<Point>> e : series.entrySet()) {
            chart(h, model, e.getKey(), e.getValue(), runs.size(), compared);
        }
        h.append("</section>\n");
    }

    private static void chart(StringBuilder h, String model, MetricKey key, List<Point> points, int runCount,
            Set<String> compared) {
        double min = points.stream().mapToDouble(Point::value).min().orElse(0);
        double max = points.stream().mapToDouble(Point::value).max().orElse(1);
        if (max - min < 1e-12) {
            double pad = Math.max(Math.abs(min) * 0.05, 0.5);
            min -= pad;
            max += pad;
        }
        double plotW = WIDTH - PAD_LEFT - PAD_RIGHT;
        double plotH = HEIGHT - PAD_TOP - PAD_BOTTOM;
        double lo = min;
        double span = max - min;
        java.util.function.IntToDoubleFunction x = i -> PAD_LEFT + (runCount <= 1 ? plotW / 2
                : plotW * i / (runCount - 1));
        java.util.function.DoubleUnaryOperator y = v -> PAD_TOP + plotH * (1 - (v - lo) / span);
        h.append("<figure class=\"history\" data-model=\"").append(esc(model)).append("\" data-metric=\"")
                .append(esc(key.label())).append("\">\n<figcaption>").append(esc(key.label()))
                .append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(esc(model + ": " + key.label()))
                .append("\">\n");
        int bottom = HEIGHT - PAD_BOTTOM;
        h.append("<line class=\"axis\" x1=\"").append(PAD_LEFT).append("\" y1=\"").append(PAD_TOP).append("\" x2=\"")
                .append(PAD_LEFT).append("\" y2=\"").append(bottom).append("\"/>\n")
                .append("<line class=\"axis\" x1=\"").append(PAD_LEFT).append("\" y1=\"").append(bottom)
                .append("\" x2=\"").append(WIDTH - PAD_RIGHT).append("\" y2=\"").append(bottom).append("\"/>\n");
        h.append("<text x=\"").append(PAD_LEFT - 6).append("\" y=\"").append(PAD_TOP + 4)
                .append("\" text-anchor=\"end\">").append(esc(RunViews.number(max))).append("</text>\n")
                .append("<text x=\"").append(PAD_LEFT - 6).append("\" y=\"").append(bottom)
                .append("\" text-anchor=\"end\">").append(esc(RunViews.number(min))).append("</text>\n");
        RunRecord first = points.get(0).run();
        RunRecord last = points.get(points.size() - 1).run();
        h.append("<text x=\"").append(PAD_LEFT).append("\" y=\"").append(bottom + 16).append("\">")
                .append(esc(day(first))).append("</text>\n");
        if (points.size() > 1) {
            h.append("<text x=\"").append(WIDTH - PAD_RIGHT).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"end\">").append(esc(day(last))).append("</text>\n");
        }
        h.append("<text x=\"").append(PAD_LEFT + plotW / 2).append("\" y=\"").append(bottom + 32)
                .append("\" text-anchor=\"middle\">run, oldest to newest</text>\n");
        h.append("<polyline class=\"line\" points=\"");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            h.append(i == 0 ? "" : " ").append(coord(x.applyAsDouble(p.index()))).append(',')
                    .append(coord(y.applyAsDouble(p.value())));
        }
        h.append("\"/>\n");
        for (Point p : points) {
            boolean marked = compared.contains(p.run().runId());
            h.append("<circle class=\"point").append(marked ? " compared" : "").append("\" data-run-id=\"")
                    .append(esc(p.run().runId())).append("\" cx=\"").append(coord(x.applyAsDouble(p.index())))
                    .append("\" cy=\"").append(coord(y.applyAsDouble(p.value()))).append("\" r=\"")
                    .append(marked ? 5 : 3).append("\"><title>").append(esc(p.run().runId() + " ("
                    + p.run().task() + ", " + p.run().startedAt() + "): " + RunViews.number(p.value())))
                    .append("</title></circle>\n");
        }
        h.append("</svg>\n</figure>\n");
    }

    private static String day(RunRecord r) {
        return r.startedAt().toString().substring(0, 10);
    }

    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Escapes text for HTML content and attribute values; control and format characters as {@code \}{@code uXXXX}. */
    static String esc(String text) {
        String s = Text.escape(text);
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private record Point(int index, double value, RunRecord run) {
    }
}
