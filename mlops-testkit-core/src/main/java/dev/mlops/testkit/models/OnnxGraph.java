// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tribuo.util.onnx.ONNXOperators;

/**
 * A thin layer over the raw {@code OnnxMl} protobuf builders for the graphs Tribuo's {@code ONNXContext} cannot
 * express (non-float tensors, MatMul, Relu, ArgMax, ops from {@code ai.onnx.ml}). Not thread-safe; one per model.
 */
final class OnnxGraph {
    /** The IR version every test model declares; ONNX Runtime 1.24+ loads it. */
    static final long IR_VERSION = 8;
    /** The {@code ai.onnx.ml} opset used by {@code LabelEncoder}. */
    static final long ML_OPSET = 2;
    static final String ML_DOMAIN = "ai.onnx.ml";
    static final String PRODUCER = "mlops-testkit-core";

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private boolean usesMlDomain;
    private int nodes;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    OnnxGraph input(TensorSpec spec) {
        graph.addInput(valueInfo(spec));
        return this;
    }

    OnnxGraph output(TensorSpec spec) {
        graph.addOutput(valueInfo(spec));
        return this;
    }

    OnnxGraph floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return this;
    }

    OnnxGraph longs(String name, long[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return this;
    }

    OnnxGraph node(String opType, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    OnnxGraph node(String domain, String opType, List<String> inputs, List<String> outputs,
            OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType)
                .setName(opType + "_" + nodes++).addAllInput(inputs).addAllOutput(outputs);
        if (!domain.isEmpty()) {
            n.setDomain(domain);
            usesMlDomain |= ML_DOMAIN.equals(domain);
        }
        for (OnnxMl.AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    static OnnxMl.AttributeProto intAttribute(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value).build();
    }

    static OnnxMl.AttributeProto intsAttribute(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto stringAttribute(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    static OnnxMl.AttributeProto floatsAttribute(String name, float... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
        for (float v : values) {
            a.addFloats(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto stringsAttribute(String name, List<String> values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8));
        }
        return a.build();
    }

    /** @return the serialized model: IR 8, default opset 13 (plus {@code ai.onnx.ml} 2 when used) */
    byte[] toModelBytes() {
        return model(graph.build(), usesMlDomain);
    }

    static byte[] model(OnnxMl.GraphProto graph, boolean mlDomain) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER).setProducerVersion("1").setModelVersion(1)
                .addOpsetImport(ONNXOperators.getOpsetProto()).setGraph(graph);
        if (mlDomain) {
            m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET));
        }
        return m.build().toByteArray();
    }

    static OnnxMl.ValueInfoProto valueInfo(TensorSpec spec) {
        if (!spec.isTensor()) {
            return OnnxMl.ValueInfoProto.newBuilder().setName(spec.name()).setType(typeOf(spec.type())).build();
        }
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        Shape s = spec.shape();
        for (int i = 0; i < s.rank(); i++) {
            long d = s.dimension(i);
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d == Shape.DYNAMIC) {
                dim.setDimParam(spec.dimNames().isEmpty() ? (i == 0 ? "batch" : "d" + i) : spec.dimNames().get(i));
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(onnxType(spec.dtype()).getNumber()).setShape(shape);
        return OnnxMl.ValueInfoProto.newBuilder().setName(spec.name())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    /** The ONNX type of a sequence or map (a tensor in one has no declared shape). */
    private static OnnxMl.TypeProto typeOf(ValueType type) {
        OnnxMl.TypeProto.Builder t = OnnxMl.TypeProto.newBuilder();
        if (type instanceof ValueType.SequenceType s) {
            t.setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(typeOf(s.element())));
        } else if (type instanceof ValueType.MapType m) {
            t.setMapType(OnnxMl.TypeProto.Map.newBuilder().setKeyType(onnxType(m.key()).getNumber())
                    .setValueType(typeOf(new ValueType.TensorType(m.value()))));
        } else {
            t.setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(onnxType(type.elementType()).getNumber()));
        }
        return t.build();
    }

    static OnnxMl.TensorProto.DataType onnxType(DataType dtype) {
        return switch (dtype) {
            case FLOAT32 -> OnnxMl.TensorProto.DataType.FLOAT;
            case FLOAT64 -> OnnxMl.TensorProto.DataType.DOUBLE;
            case FLOAT16 -> OnnxMl.TensorProto.DataType.FLOAT16;
            case BFLOAT16 -> OnnxMl.TensorProto.DataType.BFLOAT16;
            case INT8 -> OnnxMl.TensorProto.DataType.INT8;
            case UINT8 -> OnnxMl.TensorProto.DataType.UINT8;
            case INT16 -> OnnxMl.TensorProto.DataType.INT16;
            case INT32 -> OnnxMl.TensorProto.DataType.INT32;
            case INT64 -> OnnxMl.TensorProto.DataType.INT64;
            case BOOL -> OnnxMl.TensorProto.DataType.BOOL;
            case STRING -> OnnxMl.TensorProto.DataType.STRING;
        };
    }
}
