// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import dev.mlops.metadata.internal.Json;
import dev.mlops.metadata.internal.JsonPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code cases.jsonl} one line at a time: one case a line, checked against the model's declared inputs and
 * outputs. Memory: the current line, its elements (13 bytes each until converted) and 16 bytes per case id seen.
 */
final class JsonlCases extends CaseParser {
    private static final String PLAIN_PREFIX = "{\"inputs\":";
    private static final java.util.Set<String> CASE_FIELDS = java.util.Set.of("id", "inputs", "expected", "tolerance");

    private final String file;
    private final ModelMetadata meta;
    private final CaseIds ids = new CaseIds();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final JsonFactory json;
    private final LineReader lines;
    private long lineNo;

    /** Prediction requests: {@code expected} optional, and a line may be the inputs object alone. */
    private final boolean requests;
    /** Columns added in front of a plain-inputs line by wrapping it as a case. */
    private int columnShift;
    /** The line being parsed, which element offsets point into. */
    private String text = "";

    /**
     * Creates a reader.
     *
     * @param in the file; closed by {@link #close()}
     * @param cap how many problems to collect before stopping: 1 to fail at the first
     */
    JsonlCases(String file, ModelMetadata meta, boolean requests, InputStream in, CaseLimits limits, int cap) {
        super(in, new CaseErrors(file, cap), limits);
        this.file = file;
        this.meta = meta;
        this.requests = requests;
        this.lines = new LineReader(in, limits.maxCaseBytes());
        this.json = Json.caseFactory(limits.maxCaseBytes() + (long) PLAIN_PREFIX.length() + 1);
    }

    /**
     * Numbers the lines of this input from {@code first}, for a parser given one line of a larger file.
     *
     * @param first the file's line number of the input's first line, at least 1
     */
    void numberFrom(long first) {
        lineNo = first - 1;
    }

    /** A request line without any case field is the inputs object alone: wrap it as a case. */
    private String asCase(String line) {
        columnShift = 0;
        if (!requests) {
            return line;
        }
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return line;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (CASE_FIELDS.contains(p.currentName())) {
                    return line;
                }
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            return line; // reported with its position by the real parse
        }
        columnShift = PLAIN_PREFIX.length();
        return PLAIN_PREFIX + line + "}";
    }

    private static boolean ascii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    @Nullable AdequacyCase next() throws IOException {
        byte[] raw;
        while (!errors.full() && (raw = lines.next()) != null) {
            lineNo++;
            if (raw == LineReader.TOO_LONG) {
                tooLong(lineNo, "the line is");
            }
            int start = lineNo == 1 && raw.length >= 3 && (raw[0] & 0xff) == 0xef && (raw[1] & 0xff) == 0xbb
                    && (raw[2] & 0xff) == 0xbf ? 3 : 0;
            int stop = raw.length > start && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
            String line;
            try {
                line = ascii(raw, start, stop) ? new String(raw, start, stop - start, StandardCharsets.ISO_8859_1)
                        : utf8.decode(ByteBuffer.wrap(raw, start, stop - start)).toString();
            } catch (CharacterCodingException e) {
                count(lineNo);
                errors.add(lineNo, "", "", "not valid UTF-8");
                continue;
            }
            raw = null; // only the text is kept while the line is parsed
            if (line.isBlank()) {
                continue;
            }
            count(lineNo);
            text = asCase(line);
            try {
                AdequacyCase c = parseLine(text, lineNo);
                if (c != null) {
                    return c;
                }
            } finally {
                text = "";
            }
        }
        return null;
    }

    /**
     * The elements of one {@code data} array, kept until the tensor's dtype is known: 13 bytes an element instead of
     * an object and a string each. A number is kept as where its text lies in the line, a string as its value.
     */
    private static final class Elements {
        private byte[] kinds = new byte[16];
        private int[] offsets = new int[16];
        private int[] lengths = new int[16];
        private int[] columns = new int[16];
        private final List<String> strings = new ArrayList<>();
        private int size;

        static final byte NUMBER = 1;
        static final byte STRING = 2;
        static final byte TRUE = 3;
        static final byte FALSE = 4;
        static final byte OTHER = 5;

        void add(byte kind, int offset, int length, int column) {
            if (size == kinds.length) {
                int n = size * 2;
                kinds = Arrays.copyOf(kinds, n);
                offsets = Arrays.copyOf(offsets, n);
                lengths = Arrays.copyOf(lengths, n);
                columns = Arrays.copyOf(columns, n);
            }
            kinds[size] = kind;
            offsets[size] = offset;
            lengths[size] = length;
            columns[size] = column;
            size++;
        }

        void addString(String value, int column) {
            add(STRING, strings.size(), 0, column);
            strings.add(value);
        }

        int size() {
            return size;
        }
    }

    /** A tensor as written, before conversion. */
    private static final class RawTensor {
        final String path;
        final int keyColumn;
        final int objectColumn;
        @Nullable DataType dtype;
        int dtypeColumn;
        long @Nullable [] shape;
        int shapeColumn;
        @Nullable Elements data;
        int dataColumn;
        boolean broken;
        /** The parsed value of an expected sequence or map output; {@code null} for a tensor. */
        @Nullable Value value;

        RawTensor(String path, int keyColumn, int objectColumn) {
            this.path = path;
            this.keyColumn = keyColumn;
            this.objectColumn = objectColumn;
        }
    }

    private @Nullable AdequacyCase parseLine(String text, long line) {
        int before = errors.count();
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                errors.add(line, col(p), "", "a case must be a JSON object {id, inputs, expected, tolerance}");
                return null;
            }
            int objectColumn = col(p);
            String id = null;
            int idColumn = 0;
            Map<String, RawTensor> inputs = null;
            Map<String, RawTensor> expected = null;
            int inputsColumn = objectColumn;
            int expectedColumn = objectColumn;
            Optional<CaseTolerance> tolerance = Optional.empty();
            boolean raw = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int keyColumn = col(p);
                p.nextToken();
                switch (name) {
                    case "id" -> {
                        if (p.currentToken() == JsonToken.VALUE_STRING && !p.getText().isBlank()) {
                            id = p.getText();
                            idColumn = col(p);
                        } else {
                            errors.add(line, col(p), "id", show(p) + " is not a case id (a non-empty string)");
                            p.skipChildren();
                        }
                    }
                    case "inputs" -> {
                        inputsColumn = col(p);
                        inputs = tensors(p, line, "inputs", false);
                    }
                    case "expected" -> {
                        expectedColumn = col(p);
                        expected = tensors(p, line, "expected", !raw);
                    }
                    case "tolerance" -> tolerance = tolerance(p, line);
                    case "form" -> {
                        if (p.currentToken() == JsonToken.VALUE_STRING
                                && (p.getText().equals("raw") || p.getText().equals("model"))) {
                            raw = p.getText().equals("raw");
                        } else {
                            errors.add(line, col(p), "form", show(p) + " is not a case form (\"model\" or \"raw\")");
                            p.skipChildren();
                        }
                    }
                    default -> {
                        errors.add(line, keyColumn, JsonPaths.field("", name),
                                "unknown field (allowed: id, form, inputs, expected, tolerance)");
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                errors.add(line, col(p), "", "unexpected content after the case object (one case a line)");
            }
            if (inputs == null) {
                errors.add(line, objectColumn, "inputs", "missing");
            }
            if (expected == null && !requests) {
                errors.add(line, objectColumn, "expected", "missing");
            }
            if (errors.count() != before) {
                return null;
            }
            String caseId = id != null ? id : "line " + line;
            long usedOn = ids.putIfAbsent(caseId, line);
            if (usedOn != 0) {
                errors.add(line, id != null ? idColumn : objectColumn, "id", Values.quote(caseId)
                        + " is already used on line " + usedOn + (id == null ? " (give this case an id)" : ""));
            }
            Map<String, Tensor> in = raw ? convertAll(line, Objects.requireNonNull(inputs))
                    : Value.tensors(check(line, "inputs", inputsColumn, Objects.requireNonNull(inputs), meta.inputs(),
                            true)); // inputs are tensors: check reads no sequence or map among them
            Map<String, Value> out = expected == null ? Map.of()
                    : raw ? new LinkedHashMap<>(convertAll(line, expected))
                    : check(line, "expected", expectedColumn, expected, meta.outputs(), false);
            if (!requests && raw && expected != null && expected.isEmpty()) { // model form says so in check()
                errors.add(line, expectedColumn, "expected", "case " + Values.quote(caseId) + " expects no output, so"
                        + " it would compare nothing (a case must expect at least one output)");
            }
            if (!requests && expected != null) {
                for (RawTensor t : expected.values()) {
                    if (!t.broken && t.value != null && t.value.isEmpty()) {
                        errors.add(line, t.keyColumn, t.path, "case " + Values.quote(caseId) + " compares no value (an"
                                + " empty " + t.value.type() + "); a case must compare at least one value of every"
                                + " output it names");
                    } else if (!t.broken && t.value == null && Values.elementCount(Objects.requireNonNull(t.shape)) == 0) {
                        errors.add(line, t.keyColumn, t.path, "case " + Values.quote(caseId) + " compares no element; "
                                + "a case must compare at least one element of every output it names");
                    }
                }
            }
            if (errors.count() != before) {
                return null;
            }
            return new AdequacyCase(caseId, in, out, tolerance, Optional.of(new CaseSource(file, line)), raw);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            errors.add(line, loc == null ? 0 : loc.getColumnNr(), JsonPaths.of(e),
                    "not valid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)));
            return null;
        } catch (IOException e) {
            errors.add(line, 0, "", "cannot be parsed: " + e.getMessage());
            return null;
        }
    }

    /**
     * Reads the tensors of {@code inputs} or {@code expected}.
     *
     * @param declaredValues whether a name declared as a sequence or map output is read as that value (expected
     *     outputs in model form), not as a tensor
     */
    private Map<String, RawTensor> tensors(JsonParser p, long line, String path, boolean declaredValues)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            errors.add(line, col(p), path, show(p) + " is not an object of tensors by name");
            p.skipChildren();
            return Map.of();
        }
        Map<String, RawTensor> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int keyColumn = col(p);
            p.nextToken();
            Optional<ValueType> type = declaredValues ? nonTensorOutput(name) : Optional.empty();
            RawTensor t = type.isPresent() ? value(p, line, JsonPaths.field(path, name), keyColumn, type.get())
                    : tensor(p, line, JsonPaths.field(path, name), keyColumn);
            if (t != null) {
                out.put(name, t);
            }
        }
        return out;
    }

    private Optional<ValueType> nonTensorOutput(String name) {
        return meta.outputs().stream().filter(s -> s.name().equals(name) && !s.isTensor()).map(TensorSpec::type)
                .findFirst();
    }

    /** Reads an expected sequence or map output, written as JSON: {@code [{"0": 0.4, "1": 0.6}]}. */
    private RawTensor value(JsonParser p, long line, String path, int keyColumn, ValueType type) throws IOException {
        RawTensor t = new RawTensor(path, keyColumn, col(p));
        t.value = readValue(p, line, path, type);
        t.broken = t.value == null;
        return t;
    }

    private @Nullable Value readValue(JsonParser p, long line, String path, ValueType type) throws IOException {
        if (type instanceof ValueType.SequenceType seq) {
            {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    errors.add(line, col(p), path, show(p) + " is not a " + type + " (a JSON array)");
                    p.skipChildren();
                    return null;
                }
                List<Value> elements = new ArrayList<>();
                boolean ok = true;
                for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                    String at = JsonPaths.index(path, i);
                    Value v;
                    if (seq.element() instanceof ValueType.TensorType tensorType) {
                        RawTensor raw = tensor(p, line, at, col(p));
                        Tensor converted = raw == null || raw.broken ? null : convert(line, raw);
                        if (raw != null && converted != null && converted.dtype() != tensorType.dtype()) {
                            errors.add(line, raw.dtypeColumn, at + ".dtype", converted.dtype() + ", but metadata.json"
                                    + " declares " + type);
                            converted = null;
                        }
                        v = converted;
                    } else {
                        v = readValue(p, line, at, seq.element());
                    }
                    if (v == null) {
                        ok = false;
                    } else {
                        elements.add(v);
                    }
                }
                return ok ? new ValueSequence(seq, elements) : null;
            }
        }
        if (type instanceof ValueType.MapType map) {
            {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    errors.add(line, col(p), path, show(p) + " is not a " + type + " (a JSON object, keys as strings)");
                    p.skipChildren();
                    return null;
                }
                Map<Object, Object> entries = new LinkedHashMap<>();
                boolean ok = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyColumn = col(p);
                    p.nextToken();
                    String at = JsonPaths.field(path, key);
                    Object k = key;
                    if (map.key() == DataType.INT64) {
                        if (!Values.isInteger(key) || key.length() > 19) {
                            errors.add(line, keyColumn, at, Values.quote(key) + " is not an int64 key (the keys of a "
                                    + type + " are integers written as strings, such as \"0\")");
                            ok = false;
                            p.skipChildren();
                            continue;
                        }
                        try {
                            k = Long.parseLong(key);
                        } catch (NumberFormatException e) {
                            errors.add(line, keyColumn, at, Values.quote(key) + " is out of the int64 range");
                            ok = false;
                            continue;
                        }
                    }
                    Object v = mapValue(p, line, at, map);
                    if (v == null) {
                        ok = false;
                    } else if (entries.put(k, v) != null) {
                        errors.add(line, keyColumn, at, "key " + Values.quote(key) + " is given twice");
                        ok = false;
                    }
                }
                return ok ? new ValueMap(map, entries) : null;
            }
        }
        throw new IllegalStateException(type + " is a tensor type");
    }

    private @Nullable Object mapValue(JsonParser p, long line, String path, ValueType.MapType map) throws IOException {
        JsonToken t = p.currentToken();
        DataType dtype = map.value();
        boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        boolean nonFinite = t == JsonToken.VALUE_STRING && dtype.isFloatingPoint()
                && (p.getText().equals("NaN") || p.getText().equals("Infinity") || p.getText().equals("-Infinity"));
        if (dtype == DataType.STRING && t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (dtype.isFloatingPoint() && (number || nonFinite)) {
            double d = nonFinite ? Double.parseDouble(p.getText()) : p.getDoubleValue();
            return dtype == DataType.FLOAT32 ? (Object) (float) d : (Object) d;
        }
        if (dtype == DataType.INT64 && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING)
                && Values.isInteger(p.getText())) {
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                errors.add(line, col(p), path, p.getText() + " is out of the int64 range");
                return null;
            }
        }
        String shown = show(p);
        p.skipChildren();
        errors.add(line, col(p), path, shown + " is not " + Values.article(dtype) + " " + dtype + " (the values of a "
                + map + ")");
        return null;
    }

    private @Nullable RawTensor tensor(JsonParser p, long line, String path, int keyColumn) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            errors.add(line, col(p), path, show(p) + " is not a tensor {dtype, shape, data}");
            p.skipChildren();
            return null;
        }
        RawTensor t = new RawTensor(path, keyColumn, col(p));
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int nameColumn = col(p);
            p.nextToken();
            switch (name) {
                case "dtype" -> {
                    t.dtypeColumn = col(p);
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        errors.add(line, col(p), path + ".dtype", show(p) + " is not a dtype name (a string such as "
                                + "\"float32\")");
                        p.skipChildren();
                        t.broken = true;
                    } else {
                        t.dtype = DataType.fromJsonName(p.getText()).orElse(null);
                        if (t.dtype == null) {
                            errors.add(line, col(p), path + ".dtype", show(p) + " is not a dtype (known: "
                                    + DataType.knownNames() + ")");
                            t.broken = true;
                        }
                    }
                }
                case "shape" -> {
                    t.shapeColumn = col(p);
                    t.shape = shape(p, line, path + ".shape");
                    t.broken |= t.shape == null;
                }
                case "data" -> {
                    t.dataColumn = col(p);
                    t.data = data(p, line, path + ".data");
                    t.broken |= t.data == null;
                }
                default -> {
                    errors.add(line, nameColumn, JsonPaths.field(path, name),
                            "unknown field (allowed: dtype, shape, data)");
                    p.skipChildren();
                    t.broken = true;
                }
            }
        }
        for (String required : List.of("dtype", "shape", "data")) {
            boolean missing = switch (required) {
                case "dtype" -> t.dtype == null && t.dtypeColumn == 0;
                case "shape" -> t.shape == null && t.shapeColumn == 0;
                default -> t.data == null && t.dataColumn == 0;
            };
            if (missing) {
                errors.add(line, t.objectColumn, path, "missing \"" + required + "\"");
                t.broken = true;
            }
        }
        return t;
    }

    private long @Nullable [] shape(JsonParser p, long line, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            errors.add(line, col(p), path, show(p) + " is not a shape (an array of sizes, [] for a scalar)");
            p.skipChildren();
            return null;
        }
        List<Long> dims = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String at = JsonPaths.index(path, i);
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || !Values.isInteger(p.getText())
                    || p.getText().startsWith("-") || p.getText().length() > 18) {
                errors.add(line, col(p), at, show(p) + " is not a size (a case tensor has concrete dimensions >= 0)");
                p.skipChildren();
                ok = false;
                continue;
            }
            dims.add(Long.parseLong(p.getText()));
        }
        return ok ? dims.stream().mapToLong(Long::longValue).toArray() : null;
    }

    private @Nullable Elements data(JsonParser p, long line, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            errors.add(line, col(p), path, show(p) + " is not an array (data is the row-major flattening)");
            p.skipChildren();
            return null;
        }
        Elements out = new Elements();
        boolean ok = true;
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                errors.add(line, col(p), JsonPaths.index(path, i), "nested " + (t == JsonToken.START_ARRAY ? "arrays"
                        : "objects") + " are not allowed (data is the row-major flattening)");
                p.skipChildren();
                ok = false;
                continue;
            }
            JsonLocation at = p.currentTokenLocation(); // one location per element: it is made afresh on each call
            int column = at.getColumnNr() - columnShift;
            switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.add(Elements.NUMBER, (int) at.getCharOffset(),
                        p.getTextLength(), column);
                case VALUE_STRING -> out.addString(p.getText(), column);
                case VALUE_TRUE -> out.add(Elements.TRUE, 0, 0, column);
                case VALUE_FALSE -> out.add(Elements.FALSE, 0, 0, column);
                default -> out.add(Elements.OTHER, (int) at.getCharOffset(), p.getTextLength(), column);
            }
        }
        return ok ? out : null;
    }

    private Optional<CaseTolerance> tolerance(JsonParser p, long line) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            errors.add(line, col(p), "tolerance", show(p) + " is not a tolerance {absolute, relative}");
            p.skipChildren();
            return Optional.empty();
        }
        int objectColumn = col(p);
        OptionalDouble absolute = OptionalDouble.empty();
        OptionalDouble relative = OptionalDouble.empty();
        boolean ok = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int keyColumn = col(p);
            p.nextToken();
            String at = JsonPaths.field("tolerance", name);
            if (!name.equals("absolute") && !name.equals("relative")) {
                errors.add(line, keyColumn, at, "unknown field (allowed: absolute, relative)");
                p.skipChildren();
                ok = false;
                continue;
            }
            JsonToken t = p.currentToken();
            double v = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                    ? Double.parseDouble(p.getText()) : Double.NaN;
            if (!(v >= 0) || Double.isInfinite(v)) {
                errors.add(line, col(p), at, show(p) + " is not a tolerance (a finite number >= 0)");
                p.skipChildren();
                ok = false;
                continue;
            }
            if (name.equals("absolute")) {
                absolute = OptionalDouble.of(v);
            } else {
                relative = OptionalDouble.of(v);
            }
        }
        if (ok && absolute.isEmpty() && relative.isEmpty()) {
            errors.add(line, objectColumn, "tolerance", "empty (give absolute, relative or both)");
            return Optional.empty();
        }
        return ok ? Optional.of(new CaseTolerance(absolute, relative)) : Optional.empty();
    }

    /** Raw-form tensors: converted, not checked against the model's declared tensors. */
    private Map<String, Tensor> convertAll(long line, Map<String, RawTensor> given) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawTensor> e : given.entrySet()) {
            if (!e.getValue().broken) {
                Tensor t = convert(line, e.getValue());
                if (t != null) {
                    out.put(e.getKey(), t);
                }
            }
        }
        return out;
    }

    /** Checks tensors against the declared ones and converts them; adds a problem for each mismatch. */
    private Map<String, Value> check(long line, String section, int sectionColumn, Map<String, RawTensor> given,
            List<TensorSpec> declared, boolean allRequired) {
        Map<String, Value> out = new LinkedHashMap<>();
        String kind = allRequired ? "input" : "output";
        for (Map.Entry<String, RawTensor> e : given.entrySet()) {
            RawTensor t = e.getValue();
            if (t.broken) {
                continue;
            }
            TensorSpec spec = declared.stream().filter(s -> s.name().equals(e.getKey())).findFirst().orElse(null);
            if (spec == null) {
                errors.add(line, t.keyColumn, t.path, "not a declared " + kind + " (declared: " + names(declared) + ")");
                continue;
            }
            if (t.value != null) {
                out.put(e.getKey(), t.value);
                continue;
            }
            if (!spec.isTensor()) {
                errors.add(line, t.keyColumn, t.path, "input " + Values.quote(spec.name()) + " is declared "
                        + spec.type() + ", which a case cannot give (inputs are tensors)");
                continue;
            }
            Tensor tensor = convert(line, t);
            if (tensor == null) {
                continue;
            }
            if (spec.dtype() != t.dtype) {
                errors.add(line, t.dtypeColumn, t.path + ".dtype", t.dtype + ", but metadata.json declares "
                        + spec.dtype());
                continue;
            }
            if (!spec.shape().accepts(Objects.requireNonNull(t.shape))) {
                errors.add(line, t.shapeColumn, t.path + ".shape", Arrays.toString(t.shape)
                        + " does not fit the declared shape " + spec.shape());
                continue;
            }
            out.put(e.getKey(), tensor);
        }
        if (allRequired) {
            for (TensorSpec s : declared) {
                if (!given.containsKey(s.name())) {
                    errors.add(line, sectionColumn, section, "missing declared input " + Values.quote(s.name()));
                }
            }
        } else if (given.isEmpty()) {
            errors.add(line, sectionColumn, section, "no outputs (give at least one of: " + names(declared) + ")");
        }
        return out;
    }

    private static String names(List<TensorSpec> declared) {
        return declared.stream().map(TensorSpec::name).collect(Collectors.joining(", "));
    }

    private @Nullable Tensor convert(long line, RawTensor t) {
        Objects.requireNonNull(t.dtype); // set, as are the shape and the data, in a tensor that is not broken
        Objects.requireNonNull(t.shape);
        Objects.requireNonNull(t.data);
        long count = Values.elementCount(t.shape);
        int size = t.data.size();
        if (count != size) {
            errors.add(line, t.dataColumn, t.path + ".data", size + (size == 1 ? " element" : " elements")
                    + ", but shape " + Arrays.toString(t.shape) + " holds " + (count < 0 ? "more than "
                    + Integer.MAX_VALUE : count));
            return null;
        }
        TensorData out = new TensorData(t.dtype, size);
        boolean ok = true;
        for (int i = 0; i < size; i++) {
            Optional<String> problem = element(out, i, t.data);
            if (problem.isPresent()) {
                errors.add(line, t.data.columns[i], JsonPaths.index(t.path + ".data", i), problem.get());
                ok = false;
                if (errors.full()) {
                    break;
                }
            }
        }
        return ok ? out.build(t.shape) : null;
    }

    private Optional<String> element(TensorData out, int i, Elements data) {
        DataType dtype = out.dtype();
        byte kind = data.kinds[i];
        switch (kind) {
            case Elements.NUMBER -> {
                String literal = text.substring(data.offsets[i], data.offsets[i] + data.lengths[i]);
                return Values.number(out, i, literal, literal);
            }
            case Elements.STRING -> {
                String s = data.strings.get(data.offsets[i]);
                String shown = Values.quote(s);
                if (dtype == DataType.STRING) {
                    out.setString(i, s);
                    return Optional.empty();
                }
                if (dtype.isFloatingPoint()) {
                    if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
                        Values.nonFinite(out, i, s.equals("NaN"), s.startsWith("-"));
                        return Optional.empty();
                    }
                    return Optional.of(shown + " is not a " + dtype + " (a number, or one of the strings \"NaN\", "
                            + "\"Infinity\", \"-Infinity\")");
                }
                if (dtype == DataType.INT64 && Values.isInteger(s)) {
                    return Values.integer(out, i, s, shown);
                }
                return Optional.of(shown + " is not " + Values.article(dtype) + " " + dtype);
            }
            case Elements.TRUE, Elements.FALSE -> {
                if (dtype == DataType.BOOL) {
                    out.setBoolean(i, kind == Elements.TRUE);
                    return Optional.empty();
                }
                return Optional.of((kind == Elements.TRUE) + " is not " + Values.article(dtype) + " " + dtype);
            }
            default -> {
                String shown = text.substring(data.offsets[i], data.offsets[i] + data.lengths[i]);
                return Optional.of(shown + " is not " + Values.article(dtype) + " " + dtype);
            }
        }
    }

    private int col(JsonParser p) {
        return p.currentTokenLocation().getColumnNr() - columnShift;
    }

    private static String show(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> Values.quote(p.getText());
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> p.getText();
        };
    }
}
