// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.store.MetricKey;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunRecord;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Run records as the {@code runs} verbs print them: JSON objects and escaped lines of text. */
final class RunViews {
    /** The hex digits of a config hash that a listing shows. */
    static final int SHORT_HASH = 12;

    private RunViews() {
    }

    /**
     * A run as JSON: every field, absent optional ones left out; with {@code config}, the configuration itself as
     * {@code config} (a JSON value), else only its hash.
     */
    static ObjectNode json(RunRecord run, boolean config) {
        ObjectNode o = Output.object();
        o.put("runId", run.runId());
        o.put("modelName", run.modelName());
        run.modelVersion().ifPresent(v -> o.put("modelVersion", v));
        o.put("buildId", run.buildId());
        o.put("task", run.task());
        o.put("status", run.status().wireName());
        run.error().ifPresent(v -> o.put("error", v));
        o.put("startedAt", run.startedAt().toString());
        run.endedAt().ifPresent(v -> o.put("endedAt", v.toString()));
        run.configSha256().ifPresent(v -> o.put("configSha256", v));
        run.deliveryId().ifPresent(v -> o.put("deliveryId", v));
        run.gitCommit().ifPresent(v -> o.put("gitCommit", v));
        run.gitBranch().ifPresent(v -> o.put("gitBranch", v));
        ArrayNode datasets = o.putArray("datasets");
        for (RunDataset d : run.datasets()) {
            ObjectNode n = datasets.addObject().put("name", d.name()).put("sha256", d.sha256());
            d.version().ifPresent(v -> n.put("version", v));
        }
        ArrayNode metrics = o.putArray("metrics");
        run.metrics().forEach(m -> metric(metrics.addObject(), m.key()).put("value", m.value()));
        if (config) {
            run.configJson().ifPresent(c -> o.set("config", Output.parse(c)));
        }
        return o;
    }

    /** What a metric measured, as JSON fields: name, dataset, split, slice (absent ones left out), label. */
    static ObjectNode metric(ObjectNode o, MetricKey key) {
        o.put("name", key.name());
        key.dataset().ifPresent(v -> o.put("dataset", v));
        key.split().ifPresent(v -> o.put("split", v));
        if (!key.slice().isEmpty()) {
            ObjectNode s = o.putObject("slice");
            key.slice().forEach(s::put);
        }
        o.put("label", key.label());
        return o;
    }

    /** A number as the text output shows it: as Java prints a double, without a needless {@code .0}. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v);
    }

    /** The metrics of a run on one line: {@code auc 0.86 on weather/test, mse 0.1 on weather/test}. */
    static String metrics(RunRecord run) {
        if (run.metrics().isEmpty()) {
            return "no metrics";
        }
        return run.metrics().stream().map(RunViews::metric).collect(Collectors.joining(", "));
    }

    static String metric(RunMetric m) {
        MetricKey k = m.key();
        String label = k.label();
        return k.name() + " " + number(m.value()) + label.substring(k.name().length());
    }

    /** The one-line summary a listing shows: id, start, task, status, version, config hash, build id. */
    static String summary(RunRecord run) {
        return run.runId() + "  " + run.startedAt() + "  " + run.task() + "  " + run.status().wireName()
                + run.modelVersion().map(v -> "  version " + v).orElse("")
                + "  config " + run.configSha256().map(h -> h.substring(0, SHORT_HASH)).orElse("(none)")
                + "  build " + run.buildId();
    }

    /** Prints every field of a run, one per line, each escaped whole; the configuration last, as JSON. */
    static void describe(PrintWriter out, RunRecord run) {
        Lines p = new Lines(out);
        p.println("run:           " + run.runId());
        p.println("model:         " + run.modelName() + run.modelVersion().map(v -> " " + v).orElse(""));
        p.println("task:          " + run.task());
        p.println("status:        " + run.status().wireName());
        run.error().ifPresent(e -> p.println("error:         " + e));
        p.println("build id:      " + run.buildId());
        run.gitCommit().ifPresent(v -> p.println("git commit:    " + v));
        run.gitBranch().ifPresent(v -> p.println("branch:        " + v));
        p.println("started at:    " + run.startedAt());
        run.endedAt().ifPresent(v -> p.println("ended at:      " + v));
        run.deliveryId().ifPresent(v -> p.println("delivery id:   " + v));
        p.println("config sha256: " + run.configSha256().orElse("(none)"));
        p.println("datasets:" + (run.datasets().isEmpty() ? "      none" : ""));
        for (RunDataset d : run.datasets()) {
            p.println("  " + d.name() + "  sha256 " + d.sha256() + d.version().map(v -> "  version " + v).orElse(""));
        }
        p.println("metrics:" + (run.metrics().isEmpty() ? "       none" : ""));
        run.metrics().forEach(m -> p.println("  " + metric(m)));
        if (run.configJson().isPresent()) {
            p.println("config:");
            Output.print(out, Output.parse(run.configJson().get()));
        } else {
            p.println("config:        " + (run.configSha256().isPresent() ? "(only its hash was recorded)"
                    : "(none recorded)"));
        }
    }

    /** A slice as {@code key=value, ...}. */
    static String slice(Map<String, String> slice) {
        return slice.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Prints lines of text that quote the store: each is escaped whole, so nothing it quotes can break it. */
    record Lines(PrintWriter out) {
        void println(String line) {
            out.println(Text.escape(line));
        }
    }
}
