// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks prediction inputs against the model's declared inputs: every declared input present, no other, each with
 * the declared dtype, rank and fixed dimensions.
 *
 * <p>Internal: {@code public} only so that other runtime packages can call it; {@code dev.mlops.runtime.internal} is
 * not exported and may change without notice.
 *
 * <p>Stateless and thread-safe.
 */
public final class InputCheck {
    private InputCheck() {
    }

    /**
     * Reads the caller's input map once into a private copy that the checks, the envelope guard and the model run
     * all use: a map read twice may answer differently the second time (an {@code IdentityHashMap} holding two equal
     * names, a map another thread mutates), and a value checked must be the value served.
     *
     * @param meta the model's metadata, for messages
     * @param inputs the caller's map
     * @return an insertion-ordered copy, read through {@code entrySet()} exactly once
     * @throws InvalidInputException when a name or a tensor is {@code null}, or a name is given twice
     */
    public static Map<String, Tensor> snapshot(ModelMetadata meta, Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Map<String, Tensor> copy = new LinkedHashMap<>(Math.max(4, inputs.size() * 2));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null) {
                problems.add("an input has a null name; the model's inputs are " + names(meta));
            } else if (t == null) {
                problems.add("input '" + name + "' is null (expected " + expected(meta, name) + ")");
            } else if (copy.putIfAbsent(name, t) != null) {
                problems.add("input '" + name + "' is given twice (the map holds two equal names)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(meta.name() + " " + meta.version() + ": " + String.join("; ", problems));
        }
        return copy;
    }

    private static List<String> names(ModelMetadata meta) {
        return meta.inputs().stream().map(TensorSpec::name).toList();
    }

    private static String expected(ModelMetadata meta, String name) {
        return meta.input(name).map(s -> s.dtype() + s.shape().toString())
                .orElse("one of " + names(meta));
    }

    /**
     * Checks the inputs, reporting every problem at once.
     *
     * @param meta the model's metadata
     * @param inputs the tensors by input name
     * @throws InvalidInputException naming the model and each problem: a missing or unknown input, a dtype, rank or
     *     fixed-dimension mismatch
     */
    public static void check(ModelMetadata meta, Map<String, Tensor> inputs) {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(inputs, "inputs");
        if (fine(meta, inputs)) {
            return; // the common case, without building a report
        }
        List<String> problems = problems(meta, inputs);
        if (problems.isEmpty()) {
            return;
        }
        String model = meta.name() + " " + meta.version();
        if (problems.size() == 1) {
            throw new InvalidInputException(model + ": " + problems.get(0));
        }
        StringBuilder sb = new StringBuilder(model).append(": ").append(problems.size())
                .append(" problems with the inputs:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        throw new InvalidInputException(sb.toString());
    }

    /**
     * Whether the inputs are exactly the declared ones, each of the declared dtype and an accepted shape. Names are
     * compared with {@link String#equals}, whatever equality the map itself uses (a case-insensitive
     * {@code TreeMap} must not let {@code "X"} pass for {@code "x"}).
     */
    private static boolean fine(ModelMetadata meta, Map<String, Tensor> inputs) {
        List<TensorSpec> specs = meta.inputs();
        if (inputs.size() != specs.size()) {
            return false;
        }
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            TensorSpec spec = null;
            for (TensorSpec s : specs) {
                if (s.name().equals(e.getKey())) {
                    spec = s;
                    break;
                }
            }
            Tensor t = e.getValue();
            if (spec == null || t == null || t.dtype() != spec.dtype() || !spec.shape().accepts(t.shape())) {
                return false;
            }
        }
        return true; // as many distinct keys as specs, each the exact name of one: every spec is covered once
    }

    /**
     * Lists what is wrong with the inputs: first the declared inputs in declared order, then unknown names in
     * alphabetical order.
     *
     * @param meta the model's metadata
     * @param inputs the tensors by input name
     * @return one message per problem; empty when the inputs are fine
     */
    public static List<String> problems(ModelMetadata meta, Map<String, Tensor> inputs) {
        List<String> problems = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (TensorSpec spec : meta.inputs()) {
            declared.add(spec.name());
            if (!inputs.containsKey(spec.name())) {
                problems.add("missing input '" + spec.name() + "' (" + spec.dtype() + spec.shape() + ")");
                continue;
            }
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                problems.add("input '" + spec.name() + "' is null (expected " + spec.dtype() + spec.shape() + ")");
                continue;
            }
            check(spec, t, problems);
        }
        List<String> unknown = new ArrayList<>();
        for (String name : inputs.keySet()) {
            if (name == null || !declared.contains(name)) {
                unknown.add(String.valueOf(name));
            }
        }
        unknown.sort(null);
        List<String> names = meta.inputs().stream().map(TensorSpec::name).toList();
        for (String name : unknown) {
            problems.add("unknown input '" + name + "'; the model's inputs are " + names);
        }
        return problems;
    }

    private static void check(TensorSpec spec, Tensor t, List<String> problems) {
        String name = spec.name();
        if (t.dtype() != spec.dtype()) {
            problems.add("input '" + name + "': expected " + spec.dtype() + ", got " + t.dtype());
        }
        Shape declared = spec.shape();
        long[] actual = t.shape();
        if (actual.length != declared.rank()) {
            problems.add("input '" + name + "': expected shape " + declared + " (rank " + declared.rank() + "), got "
                    + Arrays.toString(actual) + " (rank " + actual.length + ")");
            return;
        }
        for (int axis = 0; axis < actual.length; axis++) {
            long d = declared.dimension(axis);
            if (d != Shape.DYNAMIC && d != actual[axis]) {
                problems.add("input '" + name + "': dimension " + axis + " must be " + d + ", got " + actual[axis]
                        + " (shape " + Arrays.toString(actual) + ")");
            }
        }
    }
}
