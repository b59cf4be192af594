// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the seed's {@code adequacy_test.csv}: a header naming input and output columns, then one case a row.
 *
 * <p>A tensor declared {@code [-1, d1, ...]} (dynamic batch first, other axes fixed) or with a fixed shape takes one
 * column per element of one row: {@code name[i]} for element {@code i} of the row-major flattening, or just
 * {@code name} when a row holds a single element ({@code [-1]}, {@code [-1, 1]}, {@code []}). Each row becomes a case
 * with batch size 1: shape {@code [1, d1, ...]}, or the fixed shape.
 */
final class CsvCases extends CaseParser {
    private static final Set<String> NAN = Set.of("NaN", "nan");
    private static final Set<String> POS_INF = Set.of("Infinity", "inf");
    private static final Set<String> NEG_INF = Set.of("-Infinity", "-inf");

    private final String file;
    private final ModelMetadata meta;
    private final Rfc4180 records;
    /** The header's record and columns, once read. */
    private Rfc4180.@Nullable Record header;
    private Target[] targets = new Target[0];
    private final List<Layout> layouts = new ArrayList<>();
    private boolean[] used = new boolean[0];
    private int row;

    /** How one declared tensor maps onto columns. */
    private record Layout(TensorSpec spec, boolean input, long[] caseShape, int width) {
        boolean supported() {
            return width > 0;
        }

        String column(int element) {
            return width == 1 ? spec.name() : spec.name() + "[" + element + "]";
        }

        String columns() {
            if (width == 1) {
                return spec.name();
            }
            if (width <= 4) {
                List<String> names = new ArrayList<>();
                for (int k = 0; k < width; k++) {
                    names.add(column(k));
                }
                return String.join(", ", names);
            }
            return column(0) + " ... " + column(width - 1);
        }
    }

    private record Target(int layout, int element) {
    }

    /**
     * Creates a reader.
     *
     * @param in the file; closed by {@link #close()}
     * @param cap how many problems to collect before stopping: 1 to fail at the first
     */
    CsvCases(String file, ModelMetadata meta, InputStream in, CaseLimits limits, int cap) {
        super(in, new CaseErrors(file, cap), limits);
        this.file = file;
        this.meta = meta;
        this.records = new Rfc4180(in, errors, limits.maxCaseBytes(), line -> tooLong(line, "the record is"));
    }

    /** Reads and checks the header; throws every problem it has, since no row can be read without it. */
    private void readHeader() throws IOException {
        Rfc4180.Record first = records.next();
        if (first == null) {
            errors.add(1, "", "", "no header: expected a first line naming the columns, for example x,y");
        }
        errors.throwIfAny();
        header = first;
        for (TensorSpec s : meta.inputs()) {
            layouts.add(layout(s, true));
        }
        for (TensorSpec s : meta.outputs()) {
            layouts.add(layout(s, false));
        }
        targets = header(first, layouts);
        errors.throwIfAny();
        used = new boolean[layouts.size()];
        for (Target t : targets) {
            used[t.layout()] = true;
        }
    }

    @Override
    @Nullable AdequacyCase next() throws IOException {
        if (header == null) {
            readHeader();
        }
        Rfc4180.Record rec;
        while (!errors.full() && (rec = records.next()) != null) {
            row++;
            count(rec.line());
            AdequacyCase c = parseRow(rec);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private @Nullable AdequacyCase parseRow(Rfc4180.Record rec) {
        if (rec.fields().size() != targets.length) {
            errors.add(rec.line(), "", "", rec.fields().size() + " fields, but the header has " + targets.length
                    + (rec.fields().size() > targets.length ? " (a comma inside an unquoted value?)" : ""));
            return null;
        }
        TensorData[] data = new TensorData[layouts.size()];
        for (int l = 0; l < layouts.size(); l++) {
            if (used[l]) {
                data[l] = new TensorData(layouts.get(l).spec().dtype(), layouts.get(l).width());
            }
        }
        int before = errors.count();
        List<String> names = header == null ? List.of() : header.fields();
        for (int c = 0; c < targets.length; c++) {
            Target t = targets[c];
            String cell = rec.fields().get(c);
            Optional<String> problem = cell(data[t.layout()], t.element(), cell);
            if (problem.isPresent()) {
                errors.add(rec.line(), names.get(c), "", problem.get());
            }
        }
        if (errors.count() != before) {
            return null;
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Map<String, Tensor> expected = new LinkedHashMap<>();
        for (int l = 0; l < layouts.size(); l++) {
            if (!used[l]) {
                continue;
            }
            Layout layout = layouts.get(l);
            Tensor tensor = data[l].build(layout.caseShape());
            (layout.input() ? inputs : expected).put(layout.spec().name(), tensor);
        }
        return new AdequacyCase("row " + row, inputs, expected, Optional.empty(),
                Optional.of(new CaseSource(file, rec.line())));
    }

    private static Layout layout(TensorSpec spec, boolean input) {
        long[] dims = spec.shape().toArray();
        if (!spec.isTensor()) {
            return new Layout(spec, input, dims, -1);
        }
        long[] rest = dims.length > 0 && dims[0] == -1 ? Arrays.copyOfRange(dims, 1, dims.length) : dims;
        long width = 1;
        for (long d : rest) {
            if (d < 1 || width * d > 100_000) {
                return new Layout(spec, input, dims, -1);
            }
            width *= d;
        }
        long[] caseShape = rest == dims ? dims : new long[dims.length];
        if (rest != dims) {
            caseShape[0] = 1;
            System.arraycopy(rest, 0, caseShape, 1, rest.length);
        }
        return new Layout(spec, input, caseShape, (int) width);
    }

    private Target[] header(Rfc4180.@Nullable Record header, List<Layout> layouts) {
        if (header == null) {
            return new Target[0];
        }
        Map<String, Target> byName = new HashMap<>();
        for (int l = 0; l < layouts.size(); l++) {
            Layout layout = layouts.get(l);
            if (!layout.supported()) {
                continue;
            }
            for (int k = 0; k < layout.width(); k++) {
                byName.putIfAbsent(layout.spec().name() + "[" + k + "]", new Target(l, k));
            }
            if (layout.width() == 1) {
                byName.putIfAbsent(layout.spec().name(), new Target(l, 0));
            }
        }
        String expectedColumns = layouts.stream().filter(Layout::supported).map(Layout::columns)
                .collect(Collectors.joining(", "));
        List<String> names = header.fields();
        Target[] targets = new Target[names.size()];
        Map<Target, String> seen = new HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            Target t = byName.get(name);
            if (t == null) {
                Layout unsupported = layouts.stream().filter(l -> !l.supported())
                        .filter(l -> name.equals(l.spec().name()) || name.startsWith(l.spec().name() + "["))
                        .findFirst().orElse(null);
                if (unsupported != null) {
                    errors.add(header.line(), name, "", unsupportedMessage(unsupported));
                } else {
                    errors.add(header.line(), Values.quote(name), "", "not an input or output of the model (expected "
                            + "columns: " + expectedColumns + ")");
                }
                continue;
            }
            String before = seen.putIfAbsent(t, name);
            if (before != null) {
                errors.add(header.line(), name, "", "repeats column " + before);
                continue;
            }
            targets[c] = t;
        }
        for (int l = 0; l < layouts.size(); l++) {
            Layout layout = layouts.get(l);
            if (!layout.supported()) {
                if (layout.input()) {
                    errors.add(header.line(), "", "", unsupportedMessage(layout));
                }
                continue;
            }
            boolean any = false;
            List<String> missing = new ArrayList<>();
            for (int k = 0; k < layout.width(); k++) {
                if (seen.containsKey(new Target(l, k))) {
                    any = true;
                } else {
                    missing.add(layout.column(k));
                }
            }
            if ((layout.input() || any) && !missing.isEmpty()) {
                errors.add(header.line(), "", "", "missing column" + (missing.size() > 1 ? "s " : " ")
                        + missing.stream().map(Values::quote).collect(Collectors.joining(", "))
                        + " for " + (layout.input() ? "input " : "output ") + layout.spec().name()
                        + " (expected columns: " + expectedColumns + ")");
            }
        }
        boolean anyOutput = false;
        for (Target t : targets) {
            anyOutput |= t != null && !layouts.get(t.layout()).input();
        }
        if (!anyOutput) {
            errors.add(header.line(), "", "", "no output column: a case needs an expected value (expected columns: "
                    + expectedColumns + ")");
        }
        return targets;
    }

    private static String unsupportedMessage(Layout layout) {
        if (!layout.spec().isTensor()) {
            return (layout.input() ? "input " : "output ") + layout.spec().name() + " is a " + layout.spec().type()
                    + ", which CSV cannot hold; use cases.jsonl";
        }
        return (layout.input() ? "input " : "output ") + layout.spec().name() + " has shape " + layout.spec().shape()
                + ", which CSV cannot hold (one column per element needs [-1], [-1, k, ...] or a fixed shape); use "
                + "cases.jsonl";
    }

    private static Optional<String> cell(TensorData out, int k, String text) {
        DataType t = out.dtype();
        String shown = Values.quote(text);
        switch (t) {
            case STRING -> {
                out.setString(k, text);
                return Optional.empty();
            }
            case BOOL -> {
                if (text.equals("true") || text.equals("True")) {
                    out.setBoolean(k, true);
                } else if (text.equals("false") || text.equals("False")) {
                    out.setBoolean(k, false);
                } else {
                    return Optional.of(shown + " is not a bool (true or false)");
                }
                return Optional.empty();
            }
            default -> {
                boolean nan = NAN.contains(text);
                boolean inf = POS_INF.contains(text) || NEG_INF.contains(text);
                if (t.isFloatingPoint()) {
                    if (nan || inf) {
                        Values.nonFinite(out, k, nan, NEG_INF.contains(text));
                        return Optional.empty();
                    }
                    if (Values.isNumber(text)) {
                        return Values.number(out, k, text, shown);
                    }
                    return Optional.of(shown + " is not a number" + Values.hint(text));
                }
                if (Values.isInteger(text)) {
                    return Values.integer(out, k, text, shown);
                }
                if (nan || inf) {
                    return Optional.of(shown + " is not " + Values.article(t) + " " + t + " (NaN and infinities only "
                            + "in float columns)");
                }
                if (Values.isNumber(text)) {
                    return Optional.of(shown + " is not " + Values.article(t) + " " + t + " (a whole number)");
                }
                return Optional.of(shown + " is not a number" + Values.hint(text));
            }
        }
    }
}
