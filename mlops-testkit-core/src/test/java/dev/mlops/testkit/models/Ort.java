// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs test models in a real ONNX Runtime session, converting {@link Tensor}s both ways. Test-only. */
final class Ort {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private Ort() {
    }

    static OrtSession open(TestModel model) throws OrtException {
        return ENV.createSession(model.bytes(), new OrtSession.SessionOptions());
    }

    /** Runs the model on {@code feeds} and returns every output, in the session's output order. */
    static Map<String, Tensor> run(OrtSession session, Map<String, Tensor> feeds) throws OrtException {
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : feeds.entrySet()) {
                in.put(e.getKey(), toOnnx(e.getValue()));
            }
            try (OrtSession.Result result = session.run(in)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), fromOnnx((OnnxTensor) e.getValue()));
                }
                return out;
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    static Map<String, Tensor> run(TestModel model, Map<String, Tensor> feeds) throws OrtException {
        try (OrtSession session = open(model)) {
            return run(session, feeds);
        }
    }

    static DataType dtypeOf(NodeInfo node) {
        TensorInfo info = (TensorInfo) node.getInfo();
        return switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.STRING;
            default -> throw new IllegalArgumentException("no DataType for " + info.onnxType);
        };
    }

    static long[] shapeOf(NodeInfo node) {
        return ((TensorInfo) node.getInfo()).getShape();
    }

    static OnnxTensor toOnnx(Tensor t) throws OrtException {
        long[] shape = t.shape();
        return switch (t.dtype()) {
            case FLOAT32 -> OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.toFloatArray()), shape);
            case FLOAT64 -> OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(t.toDoubleArray()), shape);
            case FLOAT16, BFLOAT16 -> {
                float[] f = t.toFloatArray();
                short[] bits = new short[f.length];
                for (int i = 0; i < f.length; i++) {
                    bits[i] = t.dtype() == DataType.FLOAT16 ? Fp16Conversions.floatToFp16(f[i])
                            : Fp16Conversions.floatToBf16(f[i]);
                }
                yield OnnxTensor.createTensor(ENV, ShortBuffer.wrap(bits), shape,
                        t.dtype() == DataType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
            }
            case INT8 -> OnnxTensor.createTensor(ENV, ByteBuffer.wrap(t.toByteArray()), shape, OnnxJavaType.INT8);
            case UINT8 -> OnnxTensor.createTensor(ENV, ByteBuffer.wrap(t.toByteArray()), shape, OnnxJavaType.UINT8);
            case INT16 -> OnnxTensor.createTensor(ENV, ShortBuffer.wrap(t.toShortArray()), shape);
            case INT32 -> OnnxTensor.createTensor(ENV, IntBuffer.wrap(t.toIntArray()), shape);
            case INT64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(t.toLongArray()), shape);
            case BOOL -> {
                boolean[] b = t.toBooleanArray();
                byte[] bytes = new byte[b.length];
                for (int i = 0; i < b.length; i++) {
                    bytes[i] = (byte) (b[i] ? 1 : 0);
                }
                yield OnnxTensor.createTensor(ENV, ByteBuffer.wrap(bytes), shape, OnnxJavaType.BOOL);
            }
            case STRING -> OnnxTensor.createTensor(ENV, t.toStringArray(), shape);
        };
    }

    static Tensor fromOnnx(OnnxTensor o) throws OrtException {
        TensorInfo info = o.getInfo();
        long[] shape = info.getShape();
        DataType dtype = dtypeOf(new NodeInfo("value", info));
        return switch (dtype) {
            case FLOAT32 -> Tensor.ofFloats(floats(o.getFloatBuffer()), shape);
            case FLOAT64 -> Tensor.ofDoubles(doubles(o.getDoubleBuffer()), shape);
            case FLOAT16, BFLOAT16 -> {
                ShortBuffer sb = o.getByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
                float[] f = new float[sb.remaining()];
                for (int i = 0; i < f.length; i++) {
                    short bits = sb.get(i);
                    f[i] = dtype == DataType.FLOAT16 ? Fp16Conversions.fp16ToFloat(bits)
                            : Fp16Conversions.bf16ToFloat(bits);
                }
                yield dtype == DataType.FLOAT16 ? Tensor.ofFloat16(f, shape) : Tensor.ofBFloat16(f, shape);
            }
            case INT8 -> Tensor.ofInt8(bytes(o.getByteBuffer()), shape);
            case UINT8 -> Tensor.ofUint8(bytes(o.getByteBuffer()), shape);
            case INT16 -> {
                ShortBuffer sb = o.getShortBuffer();
                short[] a = new short[sb.remaining()];
                sb.get(a);
                yield Tensor.ofShorts(a, shape);
            }
            case INT32 -> {
                IntBuffer ib = o.getIntBuffer();
                int[] a = new int[ib.remaining()];
                ib.get(a);
                yield Tensor.ofInts(a, shape);
            }
            case INT64 -> {
                LongBuffer lb = o.getLongBuffer();
                long[] a = new long[lb.remaining()];
                lb.get(a);
                yield Tensor.ofLongs(a, shape);
            }
            case BOOL -> {
                byte[] bytes = bytes(o.getByteBuffer());
                boolean[] b = new boolean[bytes.length];
                for (int i = 0; i < b.length; i++) {
                    b[i] = bytes[i] != 0;
                }
                yield Tensor.ofBooleans(b, shape);
            }
            case STRING -> {
                List<String> flat = new ArrayList<>();
                flatten(o.getValue(), flat);
                yield Tensor.ofStrings(flat.toArray(String[]::new), shape);
            }
        };
    }

    private static float[] floats(FloatBuffer b) {
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private static double[] doubles(DoubleBuffer b) {
        double[] a = new double[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static void flatten(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else {
            for (int i = 0; i < Array.getLength(value); i++) {
                flatten(Array.get(value, i), out);
            }
        }
    }
}
