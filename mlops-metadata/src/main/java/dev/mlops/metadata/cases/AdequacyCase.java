// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One adequacy case: inputs to feed the model and the outputs it must produce, within a tolerance.
 *
 * <p>Tolerance for an output is resolved in three layers: the case's own {@link CaseTolerance} parts, then the
 * bundle's {@code adequacy.perOutput} entry for that output, then {@code adequacy.tolerance} (or
 * {@link Tolerance#DEFAULT}); see {@link #toleranceFor(String, Optional)}.
 *
 * <p>Immutable and thread-safe. The maps keep the order they were given in (file order for cases read from a file).
 *
 * @param id the case's name, unique within its file
 * @param inputs the input tensors by input name, at least one
 * @param expected the expected outputs by output name: a {@link Tensor} for a tensor output, a
 *     {@link dev.mlops.api.tensor.ValueSequence} or {@link dev.mlops.api.tensor.ValueMap} for one declared as a sequence
 *     or map; empty only for cases whose outputs are still to be computed (the JSONL reader requires at least one)
 * @param tolerance the case's own tolerance, when it has one
 * @param source where the case was read from; empty for cases built in code
 * @param raw whether inputs and expected outputs are in the application's raw form: they go through the
 *     {@code Processor} that the metadata's {@code preprocessing} names, and are not checked against the model's
 *     declared tensors (JSONL {@code "form": "raw"})
 * @since 0.1.0
 */
public record AdequacyCase(
        String id,
        Map<String, Tensor> inputs,
        Map<String, Value> expected,
        Optional<CaseTolerance> tolerance,
        Optional<CaseSource> source,
        boolean raw) {

    /**
     * Creates a case in model form.
     *
     * @param id the case's name
     * @param inputs the inputs by name
     * @param expected the expected outputs by name
     * @param tolerance the case's own tolerance
     * @param source where it was read from
     */
    public AdequacyCase(String id, Map<String, Tensor> inputs, Map<String, ? extends Value> expected,
            Optional<CaseTolerance> tolerance, Optional<CaseSource> source) {
        this(id, inputs, copy("expected", expected), tolerance, source, false);
    }

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the id is blank or there is no input
     */
    public AdequacyCase {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        inputs = copy("inputs", inputs);
        expected = copy("expected", expected);
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(source, "source");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("case " + id + ": inputs must not be empty");
        }
    }

    /**
     * Creates a case built in code, with no tolerance of its own.
     *
     * @param id the case's name
     * @param inputs the inputs by name
     * @param expected the expected outputs by name
     * @return the case
     */
    public static AdequacyCase of(String id, Map<String, Tensor> inputs, Map<String, ? extends Value> expected) {
        return new AdequacyCase(id, inputs, expected, Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy with other expected outputs, for example the outputs a model computed.
     *
     * @param newExpected the expected outputs by name
     * @return the new case; id, inputs, tolerance and source unchanged
     */
    public AdequacyCase withExpected(Map<String, ? extends Value> newExpected) {
        return new AdequacyCase(id, inputs, copy("expected", newExpected), tolerance, source, raw);
    }

    /**
     * Returns the expected outputs that are tensors, leaving out sequences and maps.
     *
     * @return the tensors by output name, in the order of {@link #expected()}
     * @since 0.2.0
     */
    public Map<String, Tensor> expectedTensors() {
        return Collections.unmodifiableMap(Value.tensors(expected));
    }

    /**
     * Returns a copy with a tolerance of its own.
     *
     * @param newTolerance the case's tolerance
     * @return the new case
     */
    public AdequacyCase withTolerance(CaseTolerance newTolerance) {
        return new AdequacyCase(id, inputs, expected, Optional.of(newTolerance), source, raw);
    }

    /**
     * Resolves the tolerance for one output: the case's parts where it gives them, the rest from
     * {@code adequacy.perOutput[output]}, else {@code adequacy.tolerance}, else {@link Tolerance#DEFAULT}.
     *
     * @param output the output name
     * @param adequacy the bundle's adequacy section, when it has one
     * @return the tolerance to compare that output with
     */
    public Tolerance toleranceFor(String output, Optional<AdequacySpec> adequacy) {
        Objects.requireNonNull(output, "output");
        Tolerance enclosing = adequacy.map(a -> a.toleranceFor(output)).orElse(Tolerance.DEFAULT);
        return tolerance.map(t -> t.over(enclosing)).orElse(enclosing);
    }

    /** @return the id and, when known, where the case was read from: {@code "a" (adequacy/cases.jsonl:3)} */
    public String describe() {
        return "\"" + id + "\"" + source.map(s -> " (" + s + ")").orElse("");
    }

    private static <V> Map<String, V> copy(String what, Map<String, ? extends V> m) {
        Objects.requireNonNull(m, what);
        Map<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends V> e : m.entrySet()) {
            out.put(Objects.requireNonNull(e.getKey(), what + " key"),
                    Objects.requireNonNull(e.getValue(), () -> what + "." + e.getKey()));
        }
        return Collections.unmodifiableMap(out);
    }
}
