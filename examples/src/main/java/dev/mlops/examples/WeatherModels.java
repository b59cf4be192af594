// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import ai.onnx.proto.OnnxMl;
import java.util.List;

/**
 * Builds the weather predictor of the seeds in code, so the {@code model.onnx} files shipped in
 * {@code examples/bundles/weather} are reproducible: {@code rain_probability = sigmoid(features . W + b)} and, from
 * 1.1.0 on, {@code rain_mm = relu(features . W2 + b2)}, over {@code features = [celsius, humidity]}.
 */
final class WeatherModels {
    static final float[] W = {-0.05f, 0.08f};
    static final float B = -2f;
    static final float[] W2 = {-0.2f, 0.3f};
    static final float B2 = -10f;

    private WeatherModels() {
    }

    static byte[] build(boolean withRainMm) {
        return build(withRainMm, 0f);
    }

    /** Builds it with {@code shift} added to the rain logit's bias: a model that no longer matches its cases. */
    static byte[] build(boolean withRainMm, float shift) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("weather");
        g.addInput(value("features", 2));
        g.addOutput(value("rain_probability", 1));
        g.addInitializer(floats("W", W, 2, 1));
        g.addInitializer(floats("b", new float[] {B + shift}, 1));
        g.addNode(node("MatMul", List.of("features", "W"), "fW"));
        g.addNode(node("Add", List.of("fW", "b"), "logit"));
        g.addNode(node("Sigmoid", List.of("logit"), "rain_probability"));
        if (withRainMm) {
            g.addOutput(value("rain_mm", 1));
            g.addInitializer(floats("W2", W2, 2, 1));
            g.addInitializer(floats("b2", new float[] {B2}, 1));
            g.addNode(node("MatMul", List.of("features", "W2"), "fW2"));
            g.addNode(node("Add", List.of("fW2", "b2"), "mm"));
            g.addNode(node("Relu", List.of("mm"), "rain_mm"));
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("mlops-examples")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(g).build().toByteArray();
    }

    /** The same computation in plain Java, for expected outputs. */
    static float[] reference(float celsius, float humidity) {
        double logit = W[0] * celsius + W[1] * humidity + B;
        float p = (float) (1 / (1 + Math.exp(-logit)));
        float mm = Math.max(0f, W2[0] * celsius + W2[1] * humidity + B2);
        return new float[] {p, mm};
    }

    private static OnnxMl.NodeProto node(String op, List<String> inputs, String output) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs)
                .addOutput(output).build();
    }

    private static OnnxMl.ValueInfoProto value(String name, long width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }

    private static OnnxMl.TensorProto floats(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }
}
