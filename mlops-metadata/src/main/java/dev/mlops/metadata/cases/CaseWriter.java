// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import dev.mlops.metadata.internal.AtomicFiles;
import dev.mlops.metadata.internal.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes adequacy cases as JSONL that {@link CaseReader} reads back to equal cases: floats with enough digits to
 * round-trip exactly, non-finite floats as {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, int64 values
 * beyond 2^53 as decimal strings (so JavaScript readers keep them exact), uint8 as 0..255. Keys in the order
 * {@code id, inputs, expected, tolerance}; tensors in the case's map order; {@code \n} line ends, UTF-8.
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class CaseWriter {
    private static final long JS_SAFE = 1L << 53;

    private CaseWriter() {
    }

    /**
     * Renders one case as a JSONL line.
     *
     * @param c the case
     * @return one line of JSON, without the line end
     */
    public static String toJsonLine(AdequacyCase c) {
        Objects.requireNonNull(c, "case");
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = Json.caseMapper().getFactory().createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            if (c.raw()) {
                g.writeStringField("form", "raw");
            }
            g.writeFieldName("inputs");
            tensors(g, c.inputs());
            g.writeFieldName("expected");
            g.writeStartObject();
            for (Map.Entry<String, Value> e : c.expected().entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
            if (c.tolerance().isPresent()) {
                CaseTolerance t = c.tolerance().get();
                g.writeObjectFieldStart("tolerance");
                if (t.absolute().isPresent()) {
                    g.writeNumberField("absolute", t.absolute().getAsDouble());
                }
                if (t.relative().isPresent()) {
                    g.writeNumberField("relative", t.relative().getAsDouble());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    /**
     * Writes cases to a JSONL file atomically: a temporary file in the same directory, then a rename, so that a
     * reader sees the old file or the whole new one.
     *
     * @param file the file to write, for example {@code adequacy/cases.jsonl}; missing parent directories are created
     * @param cases the cases; ids must be unique
     * @throws IllegalArgumentException when two cases share an id
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(Path file, List<AdequacyCase> cases) {
        Objects.requireNonNull(file, "file");
        Set<String> ids = new HashSet<>();
        for (AdequacyCase c : cases) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("cases: id " + Values.quote(c.id()) + " is used twice");
            }
        }
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
        AtomicFiles.write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (AdequacyCase c : cases) {
                w.write(toJsonLine(c));
                w.write('\n');
            }
            w.flush();
        });
    }

    /** A tensor as {@code {dtype, shape, data}}; a sequence as a JSON array, a map as an object keyed by strings. */
    private static void value(JsonGenerator g, Value v) throws IOException {
        if (v instanceof Tensor t) {
            tensor(g, t);
        } else if (v instanceof ValueSequence s) {
            g.writeStartArray();
            for (Value element : s.elements()) {
                value(g, element);
            }
            g.writeEndArray();
        } else {
            ValueMap m = (ValueMap) v;
            g.writeStartObject();
            for (Map.Entry<Object, Object> e : m.entries().entrySet()) {
                g.writeFieldName(e.getKey().toString());
                Object x = e.getValue();
                if (x instanceof Float f) {
                    floatValue(g, f);
                } else if (x instanceof Double d) {
                    doubleValue(g, d);
                } else if (x instanceof Long l) {
                    longValue(g, l);
                } else {
                    g.writeString(x.toString());
                }
            }
            g.writeEndObject();
        }
    }

    private static void tensors(JsonGenerator g, Map<String, Tensor> tensors) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            g.writeFieldName(e.getKey());
            tensor(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void tensor(JsonGenerator g, Tensor t) throws IOException {
        g.writeStartObject();
        g.writeStringField("dtype", t.dtype().jsonName());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        for (int i = 0; i < t.size(); i++) {
            element(g, t, i);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void floatValue(JsonGenerator g, float f) throws IOException {
        if (Float.isNaN(f)) {
            g.writeString("NaN");
        } else if (Float.isInfinite(f)) {
            g.writeString(f > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(Float.toString(f));
        }
    }

    private static void doubleValue(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(Double.toString(v));
        }
    }

    /** An int64 JavaScript cannot hold exactly is written as a string, which the readers accept. */
    private static void longValue(JsonGenerator g, long v) throws IOException {
        if (v > JS_SAFE || v < -JS_SAFE) {
            g.writeString(Long.toString(v));
        } else {
            g.writeNumber(v);
        }
    }

    private static void element(JsonGenerator g, Tensor t, int i) throws IOException {
        DataType d = t.dtype();
        switch (d) {
            case FLOAT32, FLOAT16, BFLOAT16 -> floatValue(g, (Float) t.get(i));
            case FLOAT64 -> doubleValue(g, (Double) t.get(i));
            case INT64 -> longValue(g, (Long) t.get(i));
            case INT8, UINT8, INT16, INT32 -> g.writeNumber(((Number) t.get(i)).longValue());
            case BOOL -> g.writeBoolean((Boolean) t.get(i));
            case STRING -> g.writeString((String) t.get(i));
            default -> throw new IllegalStateException(d.toString());
        }
    }
}
