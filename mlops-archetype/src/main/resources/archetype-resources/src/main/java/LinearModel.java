// SPDX-License-Identifier: Apache-2.0
package ${package};

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.model.RnDModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * The model: a small but real default, ridge least squares {@code prediction = features . w + b} fitted in plain
 * Java, exported as an ONNX graph (Gemm). Replace it with your own; the standard tasks call it the same way.
 *
 * <ul>
 *   <li>{@code build}: create the untrained model from the configuration (TODO: your architecture).</li>
 *   <li>{@code train}: fit it (TODO: your training loop or library call) and return the training metrics.</li>
 *   <li>{@code evaluate}: measure it on the test data (TODO: your metrics; keep the names the gate rules use).</li>
 *   <li>{@code predict}: predict with your library: the export runs the ONNX graph in ONNX Runtime and refuses it
 *       unless it agrees with these predictions.</li>
 *   <li>{@code export}: add the ONNX graph, input and output specs and what {@code load} needs (TODO: your
 *       library's ONNX export, such as Tribuo's {@code exportONNXModel}, or the file a Python script wrote).</li>
 *   <li>{@code save} and {@code load}: the trained state, so that each task may run in its own process.</li>
 * </ul>
 *
 * <p>Not thread-safe: a task uses one model from one thread.
 */
public final class LinearModel implements RnDModel<ProjectConfig, CsvTable> {
    /** The file the trained state is saved to and exported with. */
    static final String STATE = "linear-model.json";
    /** The model's input: the features of each row. */
    static final String INPUT = "features";
    /** The model's output: one prediction per row. */
    static final String OUTPUT = "prediction";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Optional<ProjectConfig> config = Optional.empty();
    private List<String> features = List.of();
    private Optional<double[]> weights = Optional.empty(); // w_1 .. w_n, then b

    /** Creates an untrained model; the project calls it for each task. */
    public LinearModel() {
        // untrained until build and train, or load
    }

    @Override
    public void build(ProjectConfig c) {
        // TODO: create your model from c.train() (layers, learning rate, epochs, seed).
        config = Optional.of(c);
        weights = Optional.empty();
    }

    @Override
    public List<Metric> train(CsvTable data) {
        double ridge = config.orElseThrow(() -> new IllegalStateException("train: build the model first"))
                .train().ridge();
        // TODO: replace the normal equations below with your training code.
        int n = data.features().size() + 1; // the features, then the constant for b
        double[][] a = new double[n][n + 1]; // [X^T X + ridge I | X^T y]
        for (int i = 0; i < data.y().length; i++) {
            double[] row = new double[n];
            for (int c = 0; c < n - 1; c++) {
                row[c] = data.x()[i][c];
            }
            row[n - 1] = 1;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r][c] += row[r] * row[c];
                }
                a[r][n] += row[r] * data.y()[i];
            }
        }
        for (int r = 0; r < n - 1; r++) {
            a[r][r] += ridge;
        }
        features = data.features();
        weights = Optional.of(solve(a));
        return List.of(new Metric("mse", mse(data), Optional.of(data.name()), Optional.of("train")));
    }

    @Override
    public List<Metric> evaluate(CsvTable data) {
        // TODO: your metrics; each names its dataset and split so that the gate compares like with like.
        return List.of(new Metric("mse", mse(data), Optional.of(data.name()), Optional.of("test")));
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        double[] w = trained();
        Tensor x = inputs.get(INPUT);
        if (x == null) {
            throw new IllegalArgumentException("predict: input \"" + INPUT + "\" is missing; got " + inputs.keySet());
        }
        float[] v = x.toFloatArray();
        int width = w.length - 1;
        int rows = v.length / width;
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = w[width];
            for (int c = 0; c < width; c++) {
                s += w[c] * v[i * width + c];
            }
            y[i] = (float) s;
        }
        return Map.of(OUTPUT, Tensor.ofFloats(y, rows, 1));
    }

    @Override
    public void export(ExportBuilder export) {
        double[] w = trained();
        // TODO: your library's ONNX graph and specs; keep adding the state file that load reads.
        export.model(onnx(w))
                .input(TensorSpec.of(INPUT, DataType.FLOAT32, -1, w.length - 1)
                        .withFeatures(features.toArray(String[]::new)))
                .output(TensorSpec.of(OUTPUT, DataType.FLOAT32, -1, 1))
                .framework("plain-java-least-squares", "1")
                .file(STATE, state());
    }

    @Override
    public void save(Path directory) {
        Path file = directory.resolve(STATE);
        try {
            Files.write(file, state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void load(Path bundle) {
        Path file = bundle.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(bundle.toString(), STATE + " is missing: not saved by LinearModel");
        }
        try {
            JsonNode json = JSON.readTree(file.toFile());
            List<String> names = new ArrayList<>();
            json.get("features").forEach(f -> names.add(f.asText()));
            double[] w = new double[names.size() + 1];
            for (int i = 0; i < names.size(); i++) {
                w[i] = json.get("weights").get(i).asDouble();
            }
            w[names.size()] = json.get("bias").asDouble();
            features = List.copyOf(names);
            weights = Optional.of(w);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException(file.toString(), "cannot be read: " + e, e);
        }
    }

    private double[] trained() {
        return weights.orElseThrow(() -> new IllegalStateException("the model is neither trained nor loaded"));
    }

    private byte[] state() {
        double[] w = trained();
        List<Double> ws = new ArrayList<>();
        for (int i = 0; i < w.length - 1; i++) {
            ws.add(w[i]);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("features", features);
        json.put("weights", ws);
        json.put("bias", w[w.length - 1]);
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model's state: " + e.getMessage(), e);
        }
    }

    private double mse(CsvTable data) {
        float[] p = predict(Map.of(INPUT, data.inputs())).get(OUTPUT).toFloatArray();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - (double) data.y()[i];
            s += d * d;
        }
        return s / p.length;
    }

    /** Solves {@code [A | b]} by Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int p = 0; p < n; p++) {
            int max = p;
            for (int r = p + 1; r < n; r++) {
                if (Math.abs(a[r][p]) > Math.abs(a[max][p])) {
                    max = r;
                }
            }
            double[] t = a[p];
            a[p] = a[max];
            a[max] = t;
            for (int r = p + 1; r < n; r++) {
                double f = a[r][p] / a[p][p];
                for (int c = p; c <= n; c++) {
                    a[r][c] -= f * a[p][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    /** The ONNX graph {@code prediction = features W + b}, built with Tribuo's ONNX writer. */
    private static byte[] onnx(double[] w) {
        int width = w.length - 1;
        ONNXContext ctx = new ONNXContext();
        ctx.setName("linear-model");
        ONNXPlaceholder x = ctx.floatInput(INPUT, width);
        ONNXPlaceholder y = ctx.floatOutput(OUTPUT, 1);
        ONNXRef<?> weights = ctx.floatTensor("W", List.of(width, 1), fb -> {
            for (int i = 0; i < width; i++) {
                fb.put((float) w[i]);
            }
        });
        ONNXRef<?> bias = ctx.array("b", new float[] {(float) w[width]});
        x.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(weights, bias)).assignTo(y);
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("linear-model")
                .setProducerVersion("1").setModelVersion(1).addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(ctx.buildGraph()).build().toByteArray();
    }
}
