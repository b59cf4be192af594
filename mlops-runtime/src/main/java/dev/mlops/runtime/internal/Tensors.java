// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import java.nio.Buffer;
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

/**
 * Converts between {@link Tensor} values and ONNX Runtime tensors. Inputs are copied once, into native-order
 * direct buffers that ONNX Runtime reads without another copy. Stateless and thread-safe; the caller owns (and
 * closes) every {@link OnnxTensor} it gets.
 */
public final class Tensors {
    private Tensors() {
    }

    /**
     * Creates an ONNX Runtime tensor holding a copy of the value.
     *
     * @param env the environment
     * @param t the value
     * @return a new tensor; close it after the run that reads it
     * @throws OrtException when ONNX Runtime refuses it
     */
    public static OnnxTensor toOnnx(OrtEnvironment env, Tensor t) throws OrtException {
        long[] shape = t.shape();
        int n = t.size();
        switch (t.dtype()) {
            case FLOAT32 -> {
                FloatBuffer b = direct(4L * n).asFloatBuffer();
                b.put((FloatBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape);
            }
            case FLOAT64 -> {
                DoubleBuffer b = direct(8L * n).asDoubleBuffer();
                b.put((DoubleBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape);
            }
            case FLOAT16, BFLOAT16 -> {
                FloatBuffer src = (FloatBuffer) t.readOnlyBuffer();
                ShortBuffer b = direct(2L * n).asShortBuffer();
                boolean half = t.dtype() == DataType.FLOAT16;
                for (int i = 0; i < n; i++) {
                    float f = src.get(i);
                    b.put(i, half ? Fp16Conversions.floatToFp16(f) : Fp16Conversions.floatToBf16(f));
                }
                return OnnxTensor.createTensor(env, b, shape, half ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
            }
            case INT8, UINT8 -> {
                ByteBuffer b = direct(n);
                b.put((ByteBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape,
                        t.dtype() == DataType.INT8 ? OnnxJavaType.INT8 : OnnxJavaType.UINT8);
            }
            case INT16 -> {
                ShortBuffer b = direct(2L * n).asShortBuffer();
                b.put((ShortBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape, OnnxJavaType.INT16);
            }
            case INT32 -> {
                IntBuffer b = direct(4L * n).asIntBuffer();
                b.put((IntBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape);
            }
            case INT64 -> {
                LongBuffer b = direct(8L * n).asLongBuffer();
                b.put((LongBuffer) t.readOnlyBuffer()).rewind();
                return OnnxTensor.createTensor(env, b, shape);
            }
            case BOOL -> {
                ByteBuffer b = direct(n);
                for (int i = 0; i < n; i++) {
                    b.put(i, (byte) (t.getDouble(i) != 0 ? 1 : 0));
                }
                return OnnxTensor.createTensor(env, b, shape, OnnxJavaType.BOOL);
            }
            case STRING -> {
                return OnnxTensor.createTensor(env, t.toStringArray(), shape);
            }
            default -> throw new IllegalStateException("unhandled dtype " + t.dtype());
        }
    }

    private static ByteBuffer direct(long bytes) {
        if (bytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("tensor of " + bytes + " bytes is larger than one buffer can hold");
        }
        return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
    }

    /**
     * Copies an ONNX Runtime tensor into a {@link Tensor}.
     *
     * @param o the tensor; not closed here
     * @param name its name, for messages
     * @return the value
     * @throws OrtException when ONNX Runtime fails to read it
     * @throws IllegalStateException for element types the SDK does not serve
     */
    public static Tensor fromOnnx(OnnxTensor o, String name) throws OrtException {
        TensorInfo info = o.getInfo();
        long[] shape = info.getShape();
        DataType dtype = OnnxTypes.toDataType(info.onnxType).orElseThrow(() -> new IllegalStateException(
                "output '" + name + "' has element type " + OnnxTypes.describe(info.onnxType)
                        + ", which mlops-java does not serve"));
        switch (dtype) {
            case FLOAT32 -> {
                return Tensor.ofFloats(array(o.getFloatBuffer()), shape);
            }
            case FLOAT64 -> {
                return Tensor.ofDoubles(array(o.getDoubleBuffer()), shape);
            }
            case FLOAT16, BFLOAT16 -> {
                ShortBuffer b = o.getByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer();
                float[] a = new float[b.remaining()];
                boolean half = dtype == DataType.FLOAT16;
                for (int i = 0; i < a.length; i++) {
                    short bits = b.get(i);
                    a[i] = half ? Fp16Conversions.fp16ToFloat(bits) : Fp16Conversions.bf16ToFloat(bits);
                }
                return half ? Tensor.ofFloat16(a, shape) : Tensor.ofBFloat16(a, shape);
            }
            case INT8, UINT8 -> {
                byte[] a = array(o.getByteBuffer());
                return dtype == DataType.INT8 ? Tensor.ofInt8(a, shape) : Tensor.ofUint8(a, shape);
            }
            case INT16 -> {
                return Tensor.ofShorts(array(o.getShortBuffer()), shape);
            }
            case INT32 -> {
                return Tensor.ofInts(array(o.getIntBuffer()), shape);
            }
            case INT64 -> {
                return Tensor.ofLongs(array(o.getLongBuffer()), shape);
            }
            case BOOL -> {
                ByteBuffer b = o.getByteBuffer();
                boolean[] a = new boolean[b.remaining()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i) != 0;
                }
                return Tensor.ofBooleans(a, shape);
            }
            case STRING -> {
                List<String> flat = new ArrayList<>();
                flatten(o.getValue(), flat);
                return Tensor.ofStrings(flat.toArray(String[]::new), shape);
            }
            default -> throw new IllegalStateException("unhandled dtype " + dtype);
        }
    }

    /**
     * Copies an ONNX Runtime output of any kind the SDK serves into a {@link Value}: a tensor, a sequence of tensors
     * or maps, or a map.
     *
     * @param o the value; not closed here (the elements a sequence exposes are closed here)
     * @param name its name, for messages
     * @param declared the output's declared type, which a sequence keeps even when it is empty
     * @return the value
     * @throws OrtException when ONNX Runtime fails to read it
     * @throws IllegalStateException for a kind or element type the SDK does not serve
     */
    public static Value valueFromOnnx(OnnxValue o, String name, ValueType declared) throws OrtException {
        if (o instanceof OnnxTensor t) {
            return fromOnnx(t, name);
        }
        if (o instanceof OnnxMap m) {
            if (!(declared instanceof ValueType.MapType type)) {
                throw new IllegalStateException("output '" + name + "' is a map, declared " + declared);
            }
            return mapFromOnnx(m, name, type);
        }
        if (o instanceof OnnxSequence s) {
            if (!(declared instanceof ValueType.SequenceType type)) {
                throw new IllegalStateException("output '" + name + "' is a sequence, declared " + declared);
            }
            List<? extends OnnxValue> elements = s.getValue(); // exposed, not copied: each is closed below
            try {
                List<Value> out = new ArrayList<>(elements.size());
                for (OnnxValue e : elements) {
                    out.add(valueFromOnnx(e, name, type.element()));
                }
                return new ValueSequence(type, out);
            } finally {
                elements.forEach(OnnxValue::close);
            }
        }
        throw new IllegalStateException("output '" + name + "' is a " + o.getType() + ", which mlops-java does not"
                + " serve");
    }

    private static ValueMap mapFromOnnx(OnnxMap m, String name, ValueType.MapType type) throws OrtException {
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.getValue().entrySet()) {
            entries.put(e.getKey(), e.getValue());
        }
        try {
            return new ValueMap(type, entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("output '" + name + "': " + e.getMessage(), e);
        }
    }

    /*
     * ONNX Runtime's getXBuffer() already copies the native output into a fresh heap buffer whose array holds exactly
     * the elements: use that array rather than copying it again (Tensor's factories take their own copy).
     */

    private static boolean exact(Buffer b) {
        return b.hasArray() && b.arrayOffset() == 0 && b.position() == 0
                && b.remaining() == java.lang.reflect.Array.getLength(b.array());
    }

    private static float[] array(FloatBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private static double[] array(DoubleBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        double[] a = new double[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] array(ByteBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static short[] array(ShortBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        short[] a = new short[b.remaining()];
        b.get(a);
        return a;
    }

    private static int[] array(IntBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        int[] a = new int[b.remaining()];
        b.get(a);
        return a;
    }

    private static long[] array(LongBuffer b) {
        if (exact(b)) {
            return b.array();
        }
        long[] a = new long[b.remaining()];
        b.get(a);
        return a;
    }

    private static void flatten(Object value, List<String> out) {
        if (value instanceof String s) {
            out.add(s);
        } else if (value instanceof Object[] arr) {
            for (Object o : arr) {
                flatten(o, out);
            }
        } else {
            throw new IllegalStateException("unexpected string tensor element " + value);
        }
    }

    /**
     * Converts a row-major element index into one index per axis.
     *
     * @param flat the row-major index
     * @param shape the tensor's dimensions
     * @return the index along each axis, for example {@code [0, 3]}; empty for a scalar
     */
    public static List<Long> position(long flat, long[] shape) {
        Long[] pos = new Long[shape.length];
        long rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            long d = shape[axis];
            pos[axis] = d == 0 ? 0 : rest % d;
            rest = d == 0 ? rest : rest / d;
        }
        return List.of(pos);
    }
}
