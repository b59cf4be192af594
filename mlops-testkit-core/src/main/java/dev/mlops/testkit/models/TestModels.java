// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Tiny ONNX models built in code (no Python, no files in the repository): IR version 8, default opset 13, which
 * ONNX Runtime 1.24 and later load.
 *
 * <p>Every factory returns a new {@link TestModel} whose declared {@link TensorSpec}s match the graph exactly (but
 * {@link #columnArgMax()}, declared looser than the graph, compatibly), so {@code model.metadata(...)} yields metadata
 * a runtime accepts for it. The same arguments give the same bytes.
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class TestModels {
    private static final String[] IRIS_FEATURES = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
    private static final String[] IRIS_CLASSES = {"setosa", "versicolor", "virginica"};
    private static final List<String> STRING_KEYS = List.of("cat", "dog", "bird");
    private static final long STRING_DEFAULT = -1;

    private TestModels() {
    }

    /**
     * Returns {@code y = 2x + 1}: input {@code x} float32 {@code [-1, 1]}, output {@code y} float32 {@code [-1, 1]}.
     * Its sample input {@code [[1], [2], [3.5]]} gives {@code [[3], [5], [8]]}.
     *
     * @return the model named {@code linear}
     */
    public static TestModel linear() {
        return linear(2f, 1f, 1);
    }

    /**
     * Returns {@code y = slope * x + intercept}, element-wise, built with Tribuo's {@code ONNXContext}: input
     * {@code x} float32 {@code [-1, features]}, output {@code y} float32 {@code [-1, features]}.
     *
     * @param slope the factor
     * @param intercept the offset
     * @param features the size of the last axis, at least 1
     * @return the model named {@code linear}
     * @throws IllegalArgumentException when {@code features < 1}
     */
    public static TestModel linear(float slope, float intercept, int features) {
        requirePositive("features", features);
        ONNXContext ctx = new ONNXContext();
        ctx.setName("linear");
        ONNXPlaceholder x = ctx.floatInput("x", features);
        ONNXPlaceholder y = ctx.floatOutput("y", features);
        x.apply(ONNXOperators.MUL, ctx.constant("slope", slope))
                .apply(ONNXOperators.ADD, ctx.constant("intercept", intercept))
                .assignTo(y);
        byte[] bytes = OnnxGraph.model(ctx.buildGraph(), false);

        float[] sample;
        if (features == 1) {
            sample = new float[] {1f, 2f, 3.5f};
        } else {
            sample = new float[3 * features];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = 1f + i * 0.5f;
            }
        }
        return new TestModel("linear", bytes,
                List.of(TensorSpec.of("x", DataType.FLOAT32, -1, features)),
                List.of(TensorSpec.of("y", DataType.FLOAT32, -1, features)),
                Map.of("x", Tensor.ofFloats(sample, 3, features)),
                feeds -> {
                    Tensor in = feed(feeds, "x");
                    float[] v = in.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = v[i] * slope + intercept;
                    }
                    return Map.of("y", Tensor.ofFloats(v, in.shape()));
                });
    }

    /**
     * Returns a two-layer perceptron {@code y = relu(x W1 + b1) W2 + b2} (MatMul, Add, Relu) whose weights are drawn
     * uniformly from {@code [-1, 1)} by a {@link SplittableRandom} with the given seed: input {@code x} float32
     * {@code [-1, inputs]}, output {@code y} float32 {@code [-1, outputs]}.
     *
     * @param seed the weight seed; the same seed gives the same bytes
     * @param inputs the input width, at least 1
     * @param hidden the hidden width, at least 1
     * @param outputs the output width, at least 1
     * @return the model named {@code mlp}
     * @throws IllegalArgumentException when a width is below 1
     */
    public static TestModel mlp(long seed, int inputs, int hidden, int outputs) {
        requirePositive("inputs", inputs);
        requirePositive("hidden", hidden);
        requirePositive("outputs", outputs);
        SplittableRandom random = new SplittableRandom(seed);
        float[] w1 = uniform(random, Math.multiplyExact(inputs, hidden));
        float[] b1 = uniform(random, hidden);
        float[] w2 = uniform(random, Math.multiplyExact(hidden, outputs));
        float[] b2 = uniform(random, outputs);
        TensorSpec x = TensorSpec.of("x", DataType.FLOAT32, -1, inputs);
        TensorSpec y = TensorSpec.of("y", DataType.FLOAT32, -1, outputs);
        byte[] bytes = new OnnxGraph("mlp").input(x).output(y)
                .floats("W1", w1, inputs, hidden).floats("b1", b1, hidden)
                .floats("W2", w2, hidden, outputs).floats("b2", b2, outputs)
                .node("MatMul", List.of("x", "W1"), List.of("xW1"))
                .node("Add", List.of("xW1", "b1"), List.of("z1"))
                .node("Relu", List.of("z1"), List.of("h"))
                .node("MatMul", List.of("h", "W2"), List.of("hW2"))
                .node("Add", List.of("hW2", "b2"), List.of("y"))
                .toModelBytes();
        int rows = 4;
        float[] sample = new float[rows * inputs];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = ((i * 5) % 9 - 4) * 0.5f;
        }
        return new TestModel("mlp", bytes, List.of(x), List.of(y), Map.of("x", Tensor.ofFloats(sample, rows, inputs)),
                feeds -> {
                    Tensor in = feed(feeds, "x");
                    int n = (int) in.shape()[0];
                    float[] h = affine(in.toFloatArray(), n, inputs, w1, b1, hidden);
                    for (int i = 0; i < h.length; i++) {
                        h[i] = Math.max(h[i], 0f);
                    }
                    return Map.of("y", Tensor.ofFloats(affine(h, n, hidden, w2, b2, outputs), n, outputs));
                });
    }

    /**
     * Returns {@code y = Identity(x)} for any element type and shape: input {@code x}, output {@code y}, both of
     * {@code dtype} and {@code shape}. No dimensions make a scalar model. The reference rounds float16 and bfloat16
     * inputs to their precision (nearest, ties to even), as an engine does.
     *
     * @param dtype the element type, any of {@link DataType}
     * @param shape the declared shape, {@code -1} for dynamic axes
     * @return the model named {@code identity-<dtype>}, for example {@code identity-bfloat16}
     * @throws IllegalArgumentException when a dimension is below {@code -1}
     */
    public static TestModel identity(DataType dtype, long... shape) {
        Objects.requireNonNull(dtype, "dtype");
        TensorSpec x = TensorSpec.of("x", dtype, shape);
        TensorSpec y = TensorSpec.of("y", dtype, shape);
        String name = "identity-" + dtype.jsonName();
        byte[] bytes = new OnnxGraph(name).input(x).output(y).node("Identity", List.of("x"), List.of("y"))
                .toModelBytes();
        long[] concrete = shape.clone();
        for (int i = 0; i < concrete.length; i++) {
            if (concrete[i] == Shape.DYNAMIC) {
                concrete[i] = 2;
            }
        }
        int size = Math.toIntExact(product(concrete));
        return new TestModel(name, bytes, List.of(x), List.of(y), Map.of("x", samples(dtype, size, concrete)),
                feeds -> Map.of("y", roundedToPrecision(feed(feeds, "x"))));
    }

    /**
     * Returns a three-class classifier in the style of iris: {@code probabilities = Softmax(x W + b)} and
     * {@code label = ArgMax(probabilities)}. Input {@code x} float32 {@code [-1, 4]} with features
     * {@code sepal_length, sepal_width, petal_length, petal_width}; outputs {@code label} int64 {@code [-1]} and
     * {@code probabilities} float32 {@code [-1, 3]} with features {@code setosa, versicolor, virginica}. The
     * sample input holds one clear example of each class, in order.
     *
     * @return the model named {@code classifier}
     */
    public static TestModel classifier() {
        float[] w = {
            0.1f, 0f, -0.1f,
            0f, 0.1f, 0f,
            -3f, 0f, 3f,
            -0.5f, 0f, 0.5f,
        };
        float[] b = {7.5f, 0f, -15f};
        TensorSpec x = TensorSpec.of("x", DataType.FLOAT32, -1, 4).withFeatures(IRIS_FEATURES);
        TensorSpec label = TensorSpec.of("label", DataType.INT64, -1);
        TensorSpec probabilities = TensorSpec.of("probabilities", DataType.FLOAT32, -1, 3).withFeatures(IRIS_CLASSES);
        byte[] bytes = new OnnxGraph("classifier").input(x).output(label).output(probabilities)
                .floats("W", w, 4, 3).floats("b", b, 3)
                .node("MatMul", List.of("x", "W"), List.of("xW"))
                .node("Add", List.of("xW", "b"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of("probabilities"), OnnxGraph.intAttribute("axis", 1))
                .node("ArgMax", List.of("probabilities"), List.of("label"), OnnxGraph.intAttribute("axis", 1),
                        OnnxGraph.intAttribute("keepdims", 0))
                .toModelBytes();
        Tensor sample = Tensor.ofMatrix(new float[][] {
            {5.1f, 3.5f, 1.4f, 0.2f},
            {6.0f, 2.9f, 4.0f, 1.3f},
            {6.5f, 3.0f, 6.0f, 2.1f},
        });
        return new TestModel("classifier", bytes, List.of(x), List.of(label, probabilities), Map.of("x", sample),
                feeds -> {
                    Tensor in = feed(feeds, "x");
                    int n = (int) in.shape()[0];
                    float[] p = affine(in.toFloatArray(), n, 4, w, b, 3);
                    long[] labels = new long[n];
                    for (int r = 0; r < n; r++) {
                        softmax(p, r * 3, 3);
                        labels[r] = argmax(p, r * 3, 3);
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    out.put("label", Tensor.ofLongs(labels, n));
                    out.put("probabilities", Tensor.ofFloats(p, n, 3));
                    return out;
                });
    }

    /**
     * Returns a three-class classifier in the form scikit-learn's ONNX converter gives a logistic regression by
     * default: {@code LinearClassifier} (logistic post-transform), {@code Normalizer} (L1) and {@code ZipMap}, all
     * from {@code ai.onnx.ml}. Input {@code float_input} float32 {@code [-1, 4]} with the iris features; outputs
     * {@code output_label} int64 {@code [-1]} and {@code output_probability}, a
     * {@code sequence<map<int64,float32>>}: one map from class 0, 1, 2 to its probability per row. The sample input
     * holds one clear example of each class, in order.
     *
     * @return the model named {@code zipmap-classifier}
     * @since 0.2.0
     */
    public static TestModel zipMapClassifier() {
        float[] coefficients = { // one row of four per class, as LinearClassifier lays them out
            0.1f, 0f, -3f, -0.5f,
            0f, 0.1f, 0f, 0f,
            -0.1f, 0f, 3f, 0.5f,
        };
        float[] intercepts = {7.5f, 0f, -15f};
        TensorSpec x = TensorSpec.of("float_input", DataType.FLOAT32, -1, 4).withFeatures(IRIS_FEATURES);
        TensorSpec label = TensorSpec.of("output_label", DataType.INT64, -1);
        TensorSpec probability = TensorSpec.of("output_probability",
                ValueType.parse("sequence<map<int64,float32>>"));
        byte[] bytes = new OnnxGraph("zipmap-classifier").input(x).output(label).output(probability)
                .node(OnnxGraph.ML_DOMAIN, "LinearClassifier", List.of("float_input"),
                        List.of("output_label", "scores"),
                        OnnxGraph.floatsAttribute("coefficients", coefficients),
                        OnnxGraph.floatsAttribute("intercepts", intercepts),
                        OnnxGraph.intsAttribute("classlabels_ints", 0, 1, 2),
                        OnnxGraph.stringAttribute("post_transform", "LOGISTIC"))
                .node(OnnxGraph.ML_DOMAIN, "Normalizer", List.of("scores"), List.of("probabilities"),
                        OnnxGraph.stringAttribute("norm", "L1"))
                .node(OnnxGraph.ML_DOMAIN, "ZipMap", List.of("probabilities"), List.of("output_probability"),
                        OnnxGraph.intsAttribute("classlabels_int64s", 0, 1, 2))
                .toModelBytes();
        Tensor sample = Tensor.ofMatrix(new float[][] {
            {5.1f, 3.5f, 1.4f, 0.2f},
            {6.0f, 2.9f, 4.0f, 1.3f},
            {6.5f, 3.0f, 6.0f, 2.1f},
        });
        return new TestModel("zipmap-classifier", bytes, List.of(x), List.of(label, probability),
                Map.of("float_input", sample),
                feeds -> {
                    Tensor in = feed(feeds, "float_input");
                    int n = (int) in.shape()[0];
                    float[] v = in.toFloatArray();
                    long[] labels = new long[n];
                    List<ValueMap> rows = new ArrayList<>();
                    for (int r = 0; r < n; r++) {
                        float[] p = new float[3];
                        float sum = 0f;
                        for (int c = 0; c < 3; c++) {
                            float s = intercepts[c];
                            for (int k = 0; k < 4; k++) {
                                s += v[r * 4 + k] * coefficients[c * 4 + k];
                            }
                            p[c] = (float) (1 / (1 + Math.exp(-s)));
                            sum += p[c];
                        }
                        labels[r] = argmax(p, 0, 3);
                        Map<Long, Float> row = new LinkedHashMap<>();
                        for (int c = 0; c < 3; c++) {
                            row.put((long) c, p[c] / sum);
                        }
                        rows.add(ValueMap.ofLongToFloat(row));
                    }
                    Map<String, Value> out = new LinkedHashMap<>();
                    out.put("output_label", Tensor.ofLongs(labels, n));
                    out.put("output_probability", new ValueSequence(
                            (ValueType.SequenceType) probability.type(), new ArrayList<Value>(rows)));
                    return out;
                });
    }

    /**
     * Returns a model with a string input: {@code echo = Identity(text)} and {@code code = LabelEncoder(text)}
     * (domain {@code ai.onnx.ml}) mapping {@code "cat"}, {@code "dog"}, {@code "bird"} to 0, 1, 2 and anything else
     * to -1. Input {@code text} string {@code [-1]}; outputs {@code echo} string {@code [-1]} and {@code code}
     * int64 {@code [-1]}.
     *
     * @return the model named {@code string-input}
     */
    public static TestModel stringInput() {
        TensorSpec text = TensorSpec.of("text", DataType.STRING, -1);
        TensorSpec echo = TensorSpec.of("echo", DataType.STRING, -1);
        TensorSpec code = TensorSpec.of("code", DataType.INT64, -1);
        byte[] bytes = new OnnxGraph("string-input").input(text).output(echo).output(code)
                .node("Identity", List.of("text"), List.of("echo"))
                .node(OnnxGraph.ML_DOMAIN, "LabelEncoder", List.of("text"), List.of("code"),
                        OnnxGraph.stringsAttribute("keys_strings", STRING_KEYS),
                        OnnxGraph.intsAttribute("values_int64s", 0, 1, 2),
                        OnnxGraph.intAttribute("default_int64", STRING_DEFAULT))
                .toModelBytes();
        String[] sample = {"cat", "fish", "dog", "bird", "Cat", "", "héllo wörld"};
        return new TestModel("string-input", bytes, List.of(text), List.of(echo, code),
                Map.of("text", Tensor.ofStrings(sample, sample.length)),
                feeds -> {
                    Tensor in = feed(feeds, "text");
                    String[] s = in.toStringArray();
                    long[] codes = new long[s.length];
                    for (int i = 0; i < s.length; i++) {
                        int k = STRING_KEYS.indexOf(s[i]);
                        codes[i] = k < 0 ? STRING_DEFAULT : k;
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    out.put("echo", in);
                    out.put("code", Tensor.ofLongs(codes, in.shape()));
                    return out;
                });
    }

    /**
     * Returns a model with two inputs of different types and two outputs: {@code sum = a + float(b)} and
     * {@code doubled = 2 b}. Inputs {@code a} float32 {@code [-1, 3]} and {@code b} int64 {@code [-1, 3]}; outputs
     * {@code sum} float32 {@code [-1, 3]} and {@code doubled} int64 {@code [-1, 3]}.
     *
     * @return the model named {@code multi-io}
     */
    public static TestModel multiIO() {
        TensorSpec a = TensorSpec.of("a", DataType.FLOAT32, -1, 3);
        TensorSpec b = TensorSpec.of("b", DataType.INT64, -1, 3);
        TensorSpec sum = TensorSpec.of("sum", DataType.FLOAT32, -1, 3);
        TensorSpec doubled = TensorSpec.of("doubled", DataType.INT64, -1, 3);
        byte[] bytes = new OnnxGraph("multi-io").input(a).input(b).output(sum).output(doubled)
                .longs("two", new long[] {2})
                .node("Cast", List.of("b"), List.of("b_float"),
                        OnnxGraph.intAttribute("to", OnnxGraph.onnxType(DataType.FLOAT32).getNumber()))
                .node("Add", List.of("a", "b_float"), List.of("sum"))
                .node("Mul", List.of("b", "two"), List.of("doubled"))
                .toModelBytes();
        Map<String, Tensor> sample = new LinkedHashMap<>();
        sample.put("a", Tensor.ofFloats(new float[] {0.5f, 1.5f, -2f, 10f, 0f, 0.25f}, 2, 3));
        sample.put("b", Tensor.ofLongs(new long[] {1, -2, 3, 40, 0, -7}, 2, 3));
        return new TestModel("multi-io", bytes, List.of(a, b), List.of(sum, doubled), sample,
                feeds -> {
                    Tensor ta = feed(feeds, "a");
                    Tensor tb = feed(feeds, "b");
                    if (!Arrays.equals(ta.shape(), tb.shape())) {
                        throw new IllegalArgumentException("test model multi-io: a" + Arrays.toString(ta.shape())
                                + " and b" + Arrays.toString(tb.shape()) + " must have the same shape");
                    }
                    float[] fa = ta.toFloatArray();
                    long[] lb = tb.toLongArray();
                    float[] s = new float[fa.length];
                    long[] d = new long[lb.length];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = fa[i] + (float) lb[i];
                        d[i] = lb[i] * 2;
                    }
                    Map<String, Tensor> out = new LinkedHashMap<>();
                    out.put("sum", Tensor.ofFloats(s, ta.shape()));
                    out.put("doubled", Tensor.ofLongs(d, tb.shape()));
                    return out;
                });
    }

    /**
     * Returns a model with a scalar input: {@code y = x * scale}. Inputs {@code x} float32 {@code [-1, 2]} and
     * {@code scale} float32 scalar {@code []}; output {@code y} float32 {@code [-1, 2]}.
     *
     * @return the model named {@code scalar-input}
     */
    public static TestModel scalarInput() {
        TensorSpec x = TensorSpec.of("x", DataType.FLOAT32, -1, 2);
        TensorSpec scale = TensorSpec.of("scale", DataType.FLOAT32);
        TensorSpec y = TensorSpec.of("y", DataType.FLOAT32, -1, 2);
        byte[] bytes = new OnnxGraph("scalar-input").input(x).input(scale).output(y)
                .node("Mul", List.of("x", "scale"), List.of("y"))
                .toModelBytes();
        Map<String, Tensor> sample = new LinkedHashMap<>();
        sample.put("x", Tensor.ofFloats(new float[] {1f, 2f, 3f, -4f}, 2, 2));
        sample.put("scale", Tensor.ofFloats(new float[] {0.5f}));
        return new TestModel("scalar-input", bytes, List.of(x, scale), List.of(y), sample,
                feeds -> {
                    Tensor in = feed(feeds, "x");
                    float s = feed(feeds, "scale").toFloatArray()[0];
                    float[] v = in.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        v[i] *= s;
                    }
                    return Map.of("y", Tensor.ofFloats(v, in.shape()));
                });
    }

    /**
     * Returns a model declared the way exporters declare it, looser than ONNX Runtime reads it: {@code y =
     * ArgMax(x, axis 0, keepdims 1)}, the row of each column's largest value (the first on a tie). Input {@code x}
     * float32 {@code [-1, 3]}; output {@code y} int64, declared {@code [-1, 3]} (in the file, dimension 0 is the symbol
     * {@code batch}), which ONNX Runtime's shape inference fixes to {@code [1, 3]}. Its sample input
     * {@code [[1, 5, 0], [4, 2, 0]]} gives {@code [[1, 0, 0]]}. Not in {@link #all()}: its declaration is compatible
     * with the graph without matching it exactly.
     *
     * @return the model named {@code column-argmax}
     */
    public static TestModel columnArgMax() {
        TensorSpec x = TensorSpec.of("x", DataType.FLOAT32, -1, 3);
        TensorSpec y = TensorSpec.of("y", DataType.INT64, -1, 3);
        byte[] bytes = new OnnxGraph("column-argmax").input(x).output(y)
                .node("ArgMax", List.of("x"), List.of("y"), OnnxGraph.intAttribute("axis", 0),
                        OnnxGraph.intAttribute("keepdims", 1))
                .toModelBytes();
        Tensor sample = Tensor.ofFloats(new float[] {1f, 5f, 0f, 4f, 2f, 0f}, 2, 3);
        return new TestModel("column-argmax", bytes, List.of(x), List.of(y), Map.of("x", sample),
                feeds -> {
                    Tensor in = feed(feeds, "x");
                    int rows = (int) in.shape()[0];
                    int cols = (int) in.shape()[1];
                    float[] v = in.toFloatArray();
                    long[] best = new long[cols];
                    for (int c = 0; c < cols; c++) {
                        for (int r = 1; r < rows; r++) {
                            if (v[r * cols + c] > v[(int) best[c] * cols + c]) {
                                best[c] = r;
                            }
                        }
                    }
                    return Map.of("y", Tensor.ofLongs(best, 1, cols));
                });
    }

    /**
     * Returns {@link #linear()} with its bytes cut in half: declared like {@code linear}, but no ONNX engine can load
     * it. For testing load failures.
     *
     * @return the model named {@code corrupt}
     */
    public static TestModel corrupt() {
        TestModel linear = linear();
        byte[] bytes = linear.bytes();
        return new TestModel("corrupt", Arrays.copyOf(bytes, bytes.length / 2), linear.inputs(), linear.outputs(),
                linear.sampleInputs(), linear::reference);
    }

    /**
     * Returns one of each kind of model that loads: {@link #linear()}, {@link #mlp mlp(7, 4, 8, 3)},
     * {@link #classifier()}, {@link #stringInput()}, {@link #multiIO()}, {@link #scalarInput()}, and
     * {@link #identity} for every {@link DataType} with shape {@code [-1, 3]}. For parameterized tests.
     *
     * @return a new list of the models
     */
    public static List<TestModel> all() {
        List<TestModel> models = new ArrayList<>(List.of(linear(), mlp(7, 4, 8, 3), classifier(), stringInput(),
                multiIO(), scalarInput()));
        for (DataType t : DataType.values()) {
            models.add(identity(t, -1, 3));
        }
        return List.copyOf(models);
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + ": " + value + " must be at least 1");
        }
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble(-1.0, 1.0);
        }
        return a;
    }

    /** Row-major {@code x[n, in] W[in, out] + b[out]} in float arithmetic. */
    private static Tensor feed(Map<String, Tensor> feeds, String name) {
        return Objects.requireNonNull(feeds.get(name), () -> "missing input " + name);
    }

    private static float[] affine(float[] x, int n, int in, float[] w, float[] b, int out) {
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < out; j++) {
                float acc = 0f;
                for (int k = 0; k < in; k++) {
                    acc += x[r * in + k] * w[k * out + j];
                }
                y[r * out + j] = acc + b[j];
            }
        }
        return y;
    }

    private static void softmax(float[] v, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[from + i]);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(v[from + i] - max);
            sum += e[i];
        }
        for (int i = 0; i < n; i++) {
            v[from + i] = (float) (e[i] / sum);
        }
    }

    private static long argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static long product(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static Tensor roundedToPrecision(Tensor t) {
        if (t.dtype() != DataType.FLOAT16 && t.dtype() != DataType.BFLOAT16) {
            return t;
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = t.dtype() == DataType.FLOAT16 ? HalfPrecision.toFloat16(v[i]) : HalfPrecision.toBFloat16(v[i]);
        }
        return t.dtype() == DataType.FLOAT16 ? Tensor.ofFloat16(v, t.shape()) : Tensor.ofBFloat16(v, t.shape());
    }

    /** Deterministic sample values with each type's edge cases first. */
    private static Tensor samples(DataType dtype, int size, long[] shape) {
        switch (dtype) {
            case FLOAT32 -> {
                float[] p = {1.5f, -2.25f, 0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                    Float.MAX_VALUE, Float.MIN_VALUE};
                float[] a = new float[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofFloats(a, shape);
            }
            case FLOAT16, BFLOAT16 -> {
                float big = dtype == DataType.FLOAT16 ? 65504f : 0x1p100f;
                float[] p = {1.5f, -2.25f, 0f, big, -big, Float.POSITIVE_INFINITY, Float.NaN, 0.0078125f};
                float[] a = new float[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return dtype == DataType.FLOAT16 ? Tensor.ofFloat16(a, shape) : Tensor.ofBFloat16(a, shape);
            }
            case FLOAT64 -> {
                double[] p = {1.5, -2.25, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE,
                    Double.MIN_VALUE, -1e-300};
                double[] a = new double[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofDoubles(a, shape);
            }
            case INT8, UINT8 -> {
                byte[] p = {1, Byte.MIN_VALUE, Byte.MAX_VALUE, 0, -1, 42};
                byte[] a = new byte[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return dtype == DataType.INT8 ? Tensor.ofInt8(a, shape) : Tensor.ofUint8(a, shape);
            }
            case INT16 -> {
                short[] p = {1, Short.MIN_VALUE, Short.MAX_VALUE, 0, -1};
                short[] a = new short[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofShorts(a, shape);
            }
            case INT32 -> {
                int[] p = {1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1};
                int[] a = new int[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofInts(a, shape);
            }
            case INT64 -> {
                long[] p = {1, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
                long[] a = new long[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofLongs(a, shape);
            }
            case BOOL -> {
                boolean[] a = new boolean[size];
                for (int i = 0; i < size; i++) {
                    a[i] = i % 3 != 1;
                }
                return Tensor.ofBooleans(a, shape);
            }
            case STRING -> {
                String[] p = {"hello", "", "héllo wörld", "日本語", "emoji \uD83C\uDF89", "tab\tand \"quotes\""};
                String[] a = new String[size];
                for (int i = 0; i < size; i++) {
                    a[i] = p[i % p.length];
                }
                return Tensor.ofStrings(a, shape);
            }
            default -> throw new AssertionError(dtype);
        }
    }
}
