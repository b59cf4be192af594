// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.store.RunComparison;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops runs compare RUN_ID... [--html FILE]}: metrics side by side, as text, JSON or a page. */
@Command(name = "compare", description = {
    "Put the metrics of several runs side by side.",
    "One row per metric (name, dataset, split and slice) that any of the runs measured, one column per run, in the"
        + " order given; a dash where a run did not measure it. With --html, also write a self-contained page: the"
        + " table, and the metric history of each model plotted as inline SVG, with no script and nothing fetched"
        + " from the network."},
        exitCodeList = {"0:the runs were compared (and the page written).",
            "2:no run has one of the ids, the page cannot be written, or the store cannot be opened, or its schema is"
                + " older (add --migrate) or newer than this mlops's.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsCompareCommand extends Verb {
    @Mixin
    StoreOptions store;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN_ID", description = "The runs, in the order to show"
            + " them.")
    List<String> runIds;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the comparison as an HTML page to FILE"
            + " (replaced if it exists).")
    @Nullable Path html;

    @Override
    int execute() {
        try (RunStore s = store.read()) {
            RunComparison comparison = s.compare(runIds);
            Optional<Path> page = Optional.empty();
            if (html != null) {
                Map<String, List<RunRecord>> histories = new LinkedHashMap<>();
                for (RunRecord r : comparison.runs()) {
                    histories.computeIfAbsent(r.modelName(), s::history);
                }
                page = Optional.of(write(html, RunsPage.render(s.url(), comparison, histories)));
            }
            if (json) {
                ObjectNode o = report(true, ExitCodes.OK);
                o.put("store", s.url());
                ArrayNode runs = o.putArray("runs");
                comparison.runs().forEach(r -> runs.add(RunViews.json(r, false)));
                ArrayNode rows = o.putArray("rows");
                for (RunComparison.MetricRow row : comparison.rows()) {
                    ObjectNode n = RunViews.metric(rows.addObject(), row.key());
                    ArrayNode values = n.putArray("values");
                    row.values().forEach(v -> {
                        if (v.isPresent()) {
                            values.add(v.get());
                        } else {
                            values.addNull();
                        }
                    });
                }
                page.ifPresent(p -> o.put("html", p.toString()));
                Output.print(out(), o);
            } else {
                table(comparison);
                page.ifPresent(p -> out().println("page: " + Text.escape(p)));
            }
        }
        return ExitCodes.OK;
    }

    /** The comparison as a table of text: a header of run ids, then one line per metric. */
    private void table(RunComparison comparison) {
        List<List<String>> cells = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("metric"));
        List<String> models = new ArrayList<>(List.of(""));
        List<String> tasks = new ArrayList<>(List.of(""));
        for (RunRecord r : comparison.runs()) {
            head.add(r.runId());
            models.add(r.modelName() + r.modelVersion().map(v -> " " + v).orElse(""));
            tasks.add(r.task() + " " + r.status().wireName());
        }
        cells.add(head);
        cells.add(models);
        cells.add(tasks);
        for (RunComparison.MetricRow row : comparison.rows()) {
            List<String> line = new ArrayList<>(List.of(row.key().label()));
            row.values().forEach(v -> line.add(v.map(RunViews::number).orElse("-")));
            cells.add(line);
        }
        int columns = head.size();
        int[] width = new int[columns];
        for (List<String> line : cells) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], Text.escape(line.get(i)).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = Text.escape(line.get(i));
                sb.append(cell);
                if (i < columns - 1) {
                    sb.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            out().println(sb.toString().stripTrailing());
        }
    }

    /** Writes the page through a temporary file beside it, so a reader never sees half a page. */
    private static Path write(Path file, String page) {
        Path target = file.toAbsolutePath();
        Path dir = java.util.Objects.requireNonNull(target.getParent(), "an absolute file has a parent");
        try {
            Path tmp = Files.createTempFile(dir, ".mlops-page", ".tmp");
            try {
                Files.writeString(tmp, page, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the page " + target + ": " + e, e);
        }
        return target;
    }
}
