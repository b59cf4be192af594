// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small ONNX model built in code, with its declared tensors, a sample input and a plain-Java reference of what it
 * computes.
 *
 * <pre>{@code
 * TestModel linear = TestModels.linear();                  // y = 2x + 1
 * Path file = linear.write(dir.resolve("model.onnx"));
 * ModelMetadata meta = linear.metadata("weather", "1.0.0").build();
 * Map<String, Tensor> expected = linear.reference(linear.sampleInputs());
 * }</pre>
 *
 * <p>Immutable and thread-safe: {@link #bytes()} returns a copy and the reference is a pure function.
 *
 * @since 0.1.0
 */
public final class TestModel {
    private final String name;
    private final byte[] bytes;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, Tensor> sampleInputs;
    private final Function<Map<String, Tensor>, ? extends Map<String, ? extends Value>> reference;

    TestModel(String name, byte[] bytes, List<TensorSpec> inputs, List<TensorSpec> outputs,
            Map<String, Tensor> sampleInputs,
            Function<Map<String, Tensor>, ? extends Map<String, ? extends Value>> reference) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = bytes.clone();
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.sampleInputs = Collections.unmodifiableMap(new LinkedHashMap<>(sampleInputs));
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /**
     * Returns the model's name, usable as a {@code metadata.json} name.
     *
     * @return for example {@code "linear"} or {@code "identity-float16"}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the serialized ONNX model.
     *
     * @return a fresh copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the declared inputs, in graph order, exactly as the ONNX graph declares them.
     *
     * @return the input specs
     */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /**
     * Returns the declared outputs, in graph order, exactly as the ONNX graph declares them.
     *
     * @return the output specs
     */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Writes the model to a file, creating missing parent directories and replacing an existing file.
     *
     * @param file the target, for example {@code bundle.resolve("model.onnx")}
     * @return {@code file}
     * @throws UncheckedIOException when the file cannot be written
     */
    public Path write(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test model '" + name + "' to " + file, e);
        }
    }

    /**
     * Starts metadata for this model, with its inputs and outputs already added.
     *
     * @param modelName the model name for {@code metadata.json}
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     * @return a builder the caller may complete and build
     * @throws IllegalArgumentException when the version is malformed
     */
    public ModelMetadata.Builder metadata(String modelName, String version) {
        ModelMetadata.Builder b = ModelMetadata.builder(modelName, version);
        inputs.forEach(b::input);
        outputs.forEach(b::output);
        return b;
    }

    /**
     * Starts metadata named after this model, version {@code 1.0.0}.
     *
     * @return a builder with the inputs and outputs added
     */
    public ModelMetadata.Builder metadata() {
        return metadata(name, "1.0.0");
    }

    /**
     * Returns a fixed example input, one tensor per declared input, keyed by input name in graph order.
     *
     * @return the same values on every call
     */
    public Map<String, Tensor> sampleInputs() {
        return sampleInputs;
    }

    /**
     * Computes in plain Java what the model computes, for comparing with an engine's output. Float results may
     * differ from an engine's in the last bits (summation order, exp approximations); compare with a tolerance.
     *
     * @param feeds one tensor per declared input, keyed by name
     * @return one tensor per declared tensor output, keyed by name in graph order; a sequence or map output comes
     *     from {@link #referenceValues}
     * @throws IllegalArgumentException when an input is missing, unexpected, or of the wrong type or rank
     */
    public Map<String, Tensor> reference(Map<String, Tensor> feeds) {
        return Collections.unmodifiableMap(Value.tensors(referenceValues(feeds)));
    }

    /**
     * Computes in plain Java every output the model computes, sequences and maps included (what
     * {@code RuntimeModel.predictValues} returns).
     *
     * @param feeds one tensor per declared input, keyed by name
     * @return one value per declared output, keyed by name in graph order
     * @throws IllegalArgumentException when an input is missing, unexpected, or of the wrong type or rank
     * @since 0.2.0
     */
    public Map<String, Value> referenceValues(Map<String, Tensor> feeds) {
        Objects.requireNonNull(feeds, "feeds");
        List<String> problems = new ArrayList<>();
        for (TensorSpec spec : inputs) {
            Tensor t = feeds.get(spec.name());
            if (t == null) {
                problems.add("input '" + spec.name() + "' is missing");
            } else if (t.dtype() != spec.dtype() || !spec.shape().accepts(t.shape())) {
                problems.add("input '" + spec.name() + "' is " + t.dtype() + java.util.Arrays.toString(t.shape())
                        + ", declared " + spec.dtype() + spec.shape());
            }
        }
        for (String key : feeds.keySet()) {
            if (inputs.stream().noneMatch(s -> s.name().equals(key))) {
                problems.add("'" + key + "' is not an input of " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("test model " + name + ": " + String.join("; ", problems));
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(reference.apply(feeds)));
    }

    @Override
    public String toString() {
        return "TestModel[" + name + ": " + describe(inputs) + " -> " + describe(outputs) + ", " + bytes.length
                + " bytes]";
    }

    private static String describe(List<TensorSpec> specs) {
        return specs.stream().map(s -> s.name() + " " + s.dtype() + s.shape()).collect(Collectors.joining(", "));
    }
}
