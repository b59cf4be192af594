// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sampled prediction: the model version that served it, the inputs and the outputs returned.
 *
 * <p>Immutable and thread-safe (tensors are immutable).
 *
 * @param at when the call finished
 * @param model the model version that served it
 * @param sequence the call's number for this model version, from 1
 * @param inputs the inputs, by name
 * @param outputs the outputs returned, by name
 * @since 0.2.0
 */
public record PredictionRecord(Instant at, ModelKey model, long sequence, Map<String, Tensor> inputs,
        Map<String, Value> outputs) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public PredictionRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(model, "model");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(inputs, "inputs")));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(outputs, "outputs")));
    }

    /**
     * Renders the record as one JSON object: {@code at}, {@code model}, {@code version}, {@code deliveryId}, then
     * the fields of an adequacy case line ({@code id} = {@code "<name> <version> #<sequence>"}, {@code inputs},
     * {@code expected} = the outputs returned), in the bundle's case format, so that a logged prediction can be
     * replayed as a case.
     *
     * @return one line of JSON, without the line end
     */
    public String toJsonLine() {
        String id = model.name() + " " + model.version() + " #" + sequence;
        String c = CaseWriter.toJsonLine(AdequacyCase.of(id, inputs, outputs));
        StringBuilder sb = new StringBuilder(c.length() + 160);
        sb.append("{\"at\":");
        string(sb, at.toString());
        sb.append(",\"model\":");
        string(sb, model.name());
        sb.append(",\"version\":");
        string(sb, model.version());
        sb.append(",\"deliveryId\":");
        string(sb, model.deliveryId());
        sb.append(',').append(c, 1, c.length());
        return sb.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20 || ch == 0x2028 || ch == 0x2029) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        sb.append('"');
    }
}
