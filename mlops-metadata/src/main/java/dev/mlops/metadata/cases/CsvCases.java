package dev.mlops.metadata.cases;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the seed's {@code adequacy_test.csv}: a header naming input and output columns, then one case a row.
 *
 * <p>A tensor declared {@code [-1, d1, ...]} (dynamic batch first, other axes fixed) or with a fixed shape takes one
 * column per element of one row: {@code name[i]} for element {@code i} of the row-major flattening, or just
 * {@code name} when a row holds a single element ({@code [-1]}, {@code [-1, 1]}, {@code []}). Each row becomes a case
 * with batch size 1: shape {@code [1, d1, ...]}, or the fixed shape.
 */
final class CsvCases {
    /** Largest CSV file read. */
    static final int MAX_BYTES = 256 << 20;
    private static final Set<String> NAN = Set.of("NaN", "nan");
    private static final Set<String> POS_INF = Set.of("Infinity", "inf");
    private static final Set<String> NEG_INF = Set.of("-Infinity", "-inf");

    private final String file;
    private final ModelMetadata meta;
    private final CaseErrors errors;

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

    CsvCases(String file, ModelMetadata meta) {
        this.file = file;
        this.meta = meta;
        this.errors = new CaseErrors(file);
    }

    List<AdequacyCase> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            errors.add(1, "", "", "the file is larger than " + MAX_BYTES + " bytes");
            errors.throwIfAny();
        }
        String text = decode(bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Rfc4180.Record> records = Rfc4180.parse(text, errors);
        if (records.isEmpty()) {
            errors.add(1, "", "", "no header: expected a first line naming the columns, for example x,y");
        }
        errors.throwIfAny();

        List<Layout> layouts = new ArrayList<>();
        for (TensorSpec s : meta.inputs()) {
            layouts.add(layout(s, true));
        }
        for (TensorSpec s : meta.outputs()) {
            layouts.add(layout(s, false));
        }
        Rfc4180.Record header = records.get(0);
        Target[] targets = header(header, layouts);
        errors.throwIfAny();

        boolean[] used = new boolean[layouts.size()];
        for (Target t : targets) {
            used[t.layout()] = true;
        }
        List<AdequacyCase> cases = new ArrayList<>();
        for (int r = 1; r < records.size() && !errors.full(); r++) {
            Rfc4180.Record rec = records.get(r);
            if (rec.fields().size() != targets.length) {
                errors.add(rec.line(), "", "", rec.fields().size() + " fields, but the header has " + targets.length
                        + (rec.fields().size() > targets.length ? " (a comma inside an unquoted value?)" : ""));
                continue;
            }
            TensorData[] data = new TensorData[layouts.size()];
            for (int l = 0; l < layouts.size(); l++) {
                if (used[l]) {
                    data[l] = new TensorData(layouts.get(l).spec().dtype(), layouts.get(l).width());
                }
            }
            int before = errors.count();
            for (int c = 0; c < targets.length; c++) {
                Target t = targets[c];
                String cell = rec.fields().get(c);
                Optional<String> problem = cell(data[t.layout()], t.element(), cell);
                if (problem.isPresent()) {
                    errors.add(rec.line(), header.fields().get(c), "", problem.get());
                }
            }
            if (errors.count() != before) {
                continue;
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
            cases.add(new AdequacyCase("row " + r, inputs, expected, Optional.empty(),
                    Optional.of(new CaseLocation(file, rec.line()))));
        }
        errors.throwIfAny();
        return cases;
    }

    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            long line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            errors.add(line, "", "", "not valid UTF-8");
            errors.throwIfAny();
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static Layout layout(TensorSpec spec, boolean input) {
        long[] dims = spec.shape().toArray();
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

    private Target[] header(Rfc4180.Record header, List<Layout> layouts) {
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
                    if (Values.NUMBER.matcher(text).matches()) {
                        return Values.number(out, k, text, shown);
                    }
                    return Optional.of(shown + " is not a number" + Values.hint(text));
                }
                if (Values.INTEGER.matcher(text).matches()) {
                    return Values.integer(out, k, text, shown);
                }
                if (nan || inf) {
                    return Optional.of(shown + " is not " + Values.article(t) + " " + t + " (NaN and infinities only "
                            + "in float columns)");
                }
                if (Values.NUMBER.matcher(text).matches()) {
                    return Optional.of(shown + " is not " + Values.article(t) + " " + t + " (a whole number)");
                }
                return Optional.of(shown + " is not a number" + Values.hint(text));
            }
        }
    }
}
