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
import dev.mlops.runtime.internal.OnnxTypes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The inputs and outputs of an ONNX graph as ONNX Runtime reads them, and their comparison with declared
 * {@link TensorSpec}s. Immutable and thread-safe.
 *
 * @param inputs the graph inputs, in graph order
 * @param outputs the graph outputs, in graph order
 * @since 0.1.0
 */
public record GraphSignature(List<Port> inputs, List<Port> outputs) {

    /**
     * One graph input or output.
     *
     * @param name the tensor name
     * @param dtype the element type, or empty when the SDK does not serve it (or it is not a tensor)
     * @param type the element or value type as ONNX names it, for messages
     * @param shape the dimensions, {@code -1} for dynamic or symbolic ones; empty when not a tensor
     * @param dimNames the symbolic names of dimensions ({@code ""} when none)
     * @param isTensor {@code false} for sequences, maps and optional values
     */
    public record Port(String name, Optional<DataType> dtype, String type, List<Long> shape, List<String> dimNames,
            boolean isTensor) {
        /** Copies the lists. */
        public Port {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(type, "type");
            shape = List.copyOf(shape);
            dimNames = List.copyOf(dimNames);
        }

        @Override
        public String toString() {
            return name + ": " + type + (isTensor ? shape.toString() : "");
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
                        dims, names, true));
            } else {
                out.add(new Port(n.getName(), Optional.empty(), String.valueOf(v), List.of(), List.of(), false));
            }
        }
        return out;
    }

    /**
     * Lists every difference between this graph and the declared specs: missing or undeclared tensors, dtypes,
     * ranks, and fixed dimensions.
     *
     * @param metadata the declaration
     * @return one line per difference; empty when they match
     */
    public List<String> mismatches(ModelMetadata metadata) {
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
            if (!p.isTensor()) {
                out.add(kind + " '" + spec.name() + "' is a " + p.type() + " in the graph, not a tensor");
                continue;
            }
            if (p.dtype().isEmpty() || p.dtype().get() != spec.dtype()) {
                out.add(kind + " '" + spec.name() + "': declared dtype " + spec.dtype() + ", graph has " + p.type());
            }
            List<Long> dims = spec.shape().dimensions();
            if (dims.size() != p.shape().size()) {
                out.add(kind + " '" + spec.name() + "': declared shape " + dims + " has rank " + dims.size()
                        + ", graph shape " + p.shape() + " has rank " + p.shape().size());
                continue;
            }
            for (int i = 0; i < dims.size(); i++) {
                long d = dims.get(i);
                long g = p.shape().get(i);
                if (d == Shape.DYNAMIC && g != Shape.DYNAMIC) {
                    out.add(kind + " '" + spec.name() + "': dimension " + i + " is declared dynamic (-1) but the graph "
                            + "fixes it to " + g);
                } else if (d != Shape.DYNAMIC && g != Shape.DYNAMIC && d != g) {
                    out.add(kind + " '" + spec.name() + "': dimension " + i + " is declared " + d + ", graph has " + g);
                }
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
