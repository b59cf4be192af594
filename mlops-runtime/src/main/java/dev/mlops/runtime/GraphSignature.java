// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueType;
import dev.mlops.runtime.internal.OnnxTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The inputs and outputs of an ONNX graph as ONNX Runtime reads them, and their comparison with declared
 * {@link TensorSpec}s. Immutable and thread-safe.
 *
 * <p>ONNX Runtime reports a graph input as the file declares it, and a graph output as the file declares it or as
 * its shape inference fixes it: an exporter writes a symbolic dimension ({@code dim_param}, declared {@code -1} in
 * {@code metadata.json}) where the graph then fixes a size (a reduction over the batch axis, a {@code Shape}). A
 * declaration looser than the graph is compatible: a dimension declared {@code -1} matches any size the graph fixes
 * ({@link #dimensionsFixedByGraph} lists them), and a fixed declared size matches a dynamic graph dimension. What the
 * declaration and the graph cannot both be true of is a mismatch: a missing or undeclared tensor, a dtype, a rank,
 * two different fixed sizes, or a {@code features} list whose length the size the graph fixes for the last dimension
 * contradicts.
 *
 * @param inputs the graph inputs, in graph order
 * @param outputs the graph outputs, in graph order
 * @since 0.1.0
 */
public record GraphSignature(List<Port> inputs, List<Port> outputs) {
    /**
     * Ends a message about a size or rank the graph has: ONNX Runtime reports it, from the file's declaration or from
     * its own shape inference, so the file may not say it in so many words.
     */
    private static final String AS_READ = " (as ONNX Runtime reads the graph, shape inference included)";

    /**
     * One graph input or output.
     *
     * @param name the tensor name
     * @param dtype the element type, or empty when the SDK does not serve it (or it is not a tensor)
     * @param type the element or value type as ONNX names it, for messages
     * @param shape the dimensions, {@code -1} for dynamic or symbolic ones; empty when not a tensor
     * @param dimNames the symbolic names of dimensions ({@code ""} when none)
     * @param isTensor {@code false} for sequences, maps and optional values
     * @param valueType the type as {@code metadata.json} declares it ({@code float32},
     *     {@code sequence<map<int64,float32>>}); empty when the SDK has no name for it
     */
    public record Port(String name, Optional<DataType> dtype, String type, List<Long> shape, List<String> dimNames,
            boolean isTensor, Optional<ValueType> valueType) {
        /** Copies the lists. */
        public Port {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(valueType, "valueType");
            shape = List.copyOf(shape);
            dimNames = List.copyOf(dimNames);
        }

        @Override
        public String toString() {
            return name + ": " + type + (isTensor ? shape.toString() : "");
        }
    }

    /**
     * A dimension that the declaration leaves dynamic ({@code -1}) and the graph, as ONNX Runtime reads it, fixes.
     * For an output this tells what every served result will have; for an input, the only size the model accepts:
     * {@code predict} refuses any other with an {@link dev.mlops.api.InvalidInputException} naming the input.
     *
     * @param input {@code true} for a graph input, {@code false} for an output
     * @param tensor the tensor name
     * @param axis the dimension's index, from 0
     * @param size the size the graph fixes, {@code >= 0}
     * @since 0.1.0
     */
    public record FixedDimension(boolean input, String tensor, int axis, long size) {
        /** Checks the components. */
        public FixedDimension {
            Objects.requireNonNull(tensor, "tensor");
            if (axis < 0) {
                throw new IllegalArgumentException("axis: " + axis + " is negative");
            }
            if (size < 0) {
                throw new IllegalArgumentException("size: " + size + " is negative");
            }
        }

        /**
         * Describes it for people, for example {@code output 'y': dimension 0 is declared dynamic (-1); the graph
         * (as ONNX Runtime reads it) fixes it to 1}.
         */
        @Override
        public String toString() {
            return (input ? "input" : "output") + " '" + tensor + "': dimension " + axis + " is declared dynamic (-1);"
                    + " the graph (as ONNX Runtime reads it) fixes it to " + size
                    + (input ? ", and the model accepts no other size" : "");
        }
    }

    /** Copies the lists. */
    public GraphSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads the signature of an ONNX model file without running it.
     *
     * @param model the model file
     * @return its signature
     * @throws ModelLoadException when ONNX Runtime cannot load the file, naming it
     */
    public static GraphSignature read(Path model) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                return of(session);
            }
        } catch (OrtException e) {
            throw new ModelLoadException(model.getFileName() + ": ONNX Runtime cannot load the model: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads the signature of an open session.
     *
     * @param session the session
     * @return its signature
     * @throws OrtException when ONNX Runtime fails to describe the session
     */
    static GraphSignature of(OrtSession session) throws OrtException {
        return new GraphSignature(ports(session.getInputInfo()), ports(session.getOutputInfo()));
    }

    private static List<Port> ports(Map<String, NodeInfo> infos) {
        List<Port> out = new ArrayList<>();
        for (NodeInfo n : infos.values()) {
            ValueInfo v = n.getInfo();
            if (v instanceof TensorInfo t) {
                List<Long> dims = new ArrayList<>();
                for (long d : t.getShape()) {
                    dims.add(d < 0 ? Shape.DYNAMIC : d);
                }
                List<String> names = new ArrayList<>();
                String[] dn = t.getDimensionNames();
                for (int i = 0; i < dims.size(); i++) {
                    names.add(dn != null && i < dn.length && dn[i] != null ? dn[i] : "");
                }
                out.add(new Port(n.getName(), OnnxTypes.toDataType(t.onnxType), OnnxTypes.describe(t.onnxType),
                        dims, names, true, OnnxTypes.toValueType(t)));
            } else {
                Optional<ValueType> type = OnnxTypes.toValueType(v);
                out.add(new Port(n.getName(), Optional.empty(), type.map(ValueType::jsonName).orElse(String.valueOf(v)),
                        List.of(), List.of(), false, type));
            }
        }
        return out;
    }

    /**
     * Lists every contradiction between this graph and the declared specs: a missing or undeclared tensor, a dtype,
     * a rank, a fixed dimension declared with another size, a {@code features} list whose length the graph's last
     * dimension contradicts. A dimension declared dynamic ({@code -1}) where the graph fixes a size, or declared fixed
     * where the graph leaves it dynamic, is compatible, not a mismatch.
     *
     * @param metadata the declaration
     * @return one line per difference; empty when they match
     */
    public List<String> mismatches(ModelMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        List<String> out = new ArrayList<>();
        compare("input", metadata.inputs(), inputs, out);
        compare("output", metadata.outputs(), outputs, out);
        return out;
    }

    /**
     * Throws when the graph does not match the declaration.
     *
     * @param metadata the declaration
     * @param modelFile the model file name, for the message
     * @throws SignatureMismatchException listing every difference
     */
    public void requireMatches(ModelMetadata metadata, String modelFile) {
        List<String> problems = mismatches(metadata);
        if (!problems.isEmpty()) {
            throw new SignatureMismatchException(modelFile, problems);
        }
    }

    /**
     * Lists the dimensions the declaration leaves dynamic and the graph fixes, inputs first, each in declared order:
     * what {@code mlops inspect} shows next to the declaration. Tensors the graph lacks, non-tensors and tensors of
     * another rank are skipped ({@link #mismatches} reports them).
     *
     * @param metadata the declaration
     * @return the dimensions, empty when the graph fixes nothing the declaration leaves open
     */
    public List<FixedDimension> dimensionsFixedByGraph(ModelMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        List<FixedDimension> out = new ArrayList<>();
        fixedByGraph(true, metadata.inputs(), inputs, out);
        fixedByGraph(false, metadata.outputs(), outputs, out);
        return List.copyOf(out);
    }

    private static void fixedByGraph(boolean input, List<TensorSpec> declared, List<Port> graph,
            List<FixedDimension> out) {
        for (TensorSpec spec : declared) {
            Port p = port(graph, spec.name());
            if (p == null || !p.isTensor() || !spec.isTensor() || p.shape().size() != spec.shape().rank()) {
                continue;
            }
            for (int i = 0; i < p.shape().size(); i++) {
                long g = p.shape().get(i);
                if (spec.shape().dimension(i) == Shape.DYNAMIC && g != Shape.DYNAMIC) {
                    out.add(new FixedDimension(input, spec.name(), i, g));
                }
            }
        }
    }

    /**
     * The declaration with each input tightened to what the graph accepts: a dimension declared {@code -1} that the
     * graph fixes takes the graph's size, so that an input of another size is refused by the runtime's input check,
     * naming the input, before it reaches ONNX Runtime. Only for a graph that {@linkplain #mismatches matches} the
     * declaration; outputs, and everything else, stay as declared.
     *
     * @param metadata the declaration
     * @return {@code metadata} itself when the graph fixes no input dimension it leaves dynamic
     */
    ModelMetadata inputContract(ModelMetadata metadata) {
        List<FixedDimension> fixed = new ArrayList<>();
        fixedByGraph(true, metadata.inputs(), inputs, fixed);
        if (fixed.isEmpty()) {
            return metadata;
        }
        List<TensorSpec> tightened = new ArrayList<>();
        for (TensorSpec spec : metadata.inputs()) {
            List<Long> dims = new ArrayList<>(spec.shape().dimensions());
            for (FixedDimension f : fixed) {
                if (f.tensor().equals(spec.name())) {
                    dims.set(f.axis(), f.size());
                }
            }
            tightened.add(new TensorSpec(spec.name(), spec.dtype(), Shape.of(dims.stream().mapToLong(Long::longValue)
                    .toArray()), spec.dimNames(), spec.description(), spec.unit(), spec.features(), spec.range()));
        }
        ModelMetadata m = metadata;
        return new ModelMetadata(m.schemaVersion(), m.name(), m.version(), m.buildId(), m.description(), m.author(),
                m.createdAt(), m.modelType(), m.artifact(), tightened, m.outputs(), m.capabilities(), m.constraints(),
                m.preprocessing(), m.adequacy(), m.metrics(), m.provenance(), m.runtime(), m.extensions(), m.statistics());
    }

    private static @Nullable Port port(List<Port> graph, String name) {
        for (Port p : graph) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static void compare(String kind, List<TensorSpec> declared, List<Port> graph, List<String> out) {
        Map<String, Port> byName = new LinkedHashMap<>();
        graph.forEach(p -> byName.put(p.name(), p));
        for (TensorSpec spec : declared) {
            Port p = byName.remove(spec.name());
            if (p == null) {
                out.add(kind + " '" + spec.name() + "' is declared but the graph has no such " + kind
                        + " (graph " + kind + "s: " + names(graph) + ")");
                continue;
            }
            if (!spec.isTensor() || !p.isTensor()) {
                if (!spec.isTensor() && p.valueType().filter(spec.type()::equals).isEmpty()) {
                    out.add(kind + " '" + spec.name() + "': declared dtype " + spec.type() + ", graph has "
                            + (p.isTensor() ? "a tensor of " : "") + p.type());
                } else if (spec.isTensor()) {
                    out.add(kind + " '" + spec.name() + "' is a " + p.type() + " in the graph, not a tensor (declare"
                            + " dtype \"" + p.type() + "\" and no shape)");
                }
                continue;
            }
            if (p.dtype().isEmpty() || p.dtype().get() != spec.dtype()) {
                out.add(kind + " '" + spec.name() + "': declared dtype " + spec.dtype() + ", graph has " + p.type());
            }
            List<Long> dims = spec.shape().dimensions();
            if (dims.size() != p.shape().size()) {
                out.add(kind + " '" + spec.name() + "': declared shape " + dims + " has rank " + dims.size()
                        + ", graph shape " + p.shape() + " has rank " + p.shape().size() + AS_READ);
                continue;
            }
            for (int i = 0; i < dims.size(); i++) {
                long d = dims.get(i);
                long g = p.shape().get(i);
                if (d != Shape.DYNAMIC && g != Shape.DYNAMIC && d != g) {
                    out.add(kind + " '" + spec.name() + "': dimension " + i + " is declared " + d + ", graph has " + g
                            + AS_READ);
                }
            }
            int last = dims.size() - 1;
            if (!spec.features().isEmpty() && last >= 0 && dims.get(last) == Shape.DYNAMIC
                    && p.shape().get(last) != Shape.DYNAMIC && p.shape().get(last) != spec.features().size()) {
                out.add(kind + " '" + spec.name() + "': " + spec.features().size() + " features are declared along"
                        + " dimension " + last + ", graph has " + p.shape().get(last) + AS_READ);
            }
        }
        for (Port p : byName.values()) {
            out.add("graph " + kind + " '" + p.name() + "' (" + p + ") is not declared in metadata " + kind + "s");
        }
    }

    private static List<String> names(List<Port> ports) {
        return ports.stream().map(Port::name).toList();
    }
}
