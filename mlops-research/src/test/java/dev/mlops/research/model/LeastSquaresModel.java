// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.model;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.export.ExportBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

/**
 * A real research model for tests: ridge least squares {@code y = w . x + b} fitted in plain Java (normal equations),
 * exported as an ONNX graph (Gemm) built with Tribuo's {@code ONNXContext} as mlops-testkit-core's models are,
 * and re-loaded from the {@code weights.json} its export carries.
 */
public final class LeastSquaresModel implements RnDModel<LeastSquaresModel.Config, LeastSquaresModel.Table> {
    static final String WEIGHTS = "weights.json";
    static final TensorSpec X = TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("celsius", "humidity");
    static final TensorSpec Y = TensorSpec.of("y", DataType.FLOAT32, -1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model's configuration: the ridge penalty. */
    public record Config(double ridge) {
    }

    /** A CSV table {@code celsius,humidity,rain} read into memory, with its file and dataset name. */
    public record Table(String name, Path file, float[][] x, float[] y) {
        /** Reads a CSV file. */
        public static Table read(String name, Path csv) {
            try {
                List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
                int n = lines.size() - 1;
                float[][] x = new float[n][2];
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    String[] cells = lines.get(i + 1).split(",", -1);
                    x[i][0] = cells[0].isEmpty() ? Float.NaN : Float.parseFloat(cells[0]);
                    x[i][1] = cells[1].isEmpty() ? Float.NaN : Float.parseFloat(cells[1]);
                    y[i] = Float.parseFloat(cells[2]);
                }
                return new Table(name, csv, x, y);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return the inputs, {@code [rows, 2]} */
        public Tensor inputs() {
            return Tensor.ofMatrix(x);
        }

        Tensor targets() {
            float[][] rows = new float[y.length][];
            for (int i = 0; i < y.length; i++) {
                rows[i] = new float[] {y[i]};
            }
            return Tensor.ofMatrix(rows);
        }
    }

    private Optional<Config> config = Optional.empty();
    private Optional<double[]> weights = Optional.empty(); // w0, w1, b

    /** Creates an untrained model. */
    public LeastSquaresModel() {
        // untrained
    }

    @Override
    public void build(Config c) {
        if (c.ridge() < 0) {
            throw new IllegalArgumentException("model.ridge: " + c.ridge() + " (expected >= 0)");
        }
        config = Optional.of(c);
        weights = Optional.empty();
    }

    @Override
    public List<Metric> train(Table data) {
        double ridge = config.orElseThrow(() -> new IllegalStateException("train: build the model first")).ridge();
        double[][] a = new double[3][4]; // [X^T X + ridge I | X^T y] with a column of ones for b
        for (int i = 0; i < data.y().length; i++) {
            double[] row = {data.x()[i][0], data.x()[i][1], 1};
            if (Double.isNaN(row[0]) || Double.isNaN(row[1])) {
                continue;
            }
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    a[r][c] += row[r] * row[c];
                }
                a[r][3] += row[r] * data.y()[i];
            }
        }
        a[0][0] += ridge;
        a[1][1] += ridge;
        weights = Optional.of(solve(a));
        return List.of(new Metric("mse", mse(data), Optional.of(data.name()), Optional.of("train")));
    }

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

    @Override
    public List<Metric> evaluate(Table data) {
        return List.of(new Metric("mse", mse(data), Optional.of(data.name()), Optional.of("test")));
    }

    private double mse(Table data) {
        float[] p = predict(Map.of("x", Tensor.ofMatrix(data.x()))).get("y").toFloatArray();
        double s = 0;
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (!Float.isNaN(p[i])) {
                s += (p[i] - data.y()[i]) * (double) (p[i] - data.y()[i]);
                n++;
            }
        }
        return s / n;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        double[] w = trained();
        Tensor x = inputs.get("x");
        if (x == null) {
            throw new IllegalArgumentException("predict: input \"x\" is missing");
        }
        float[] v = x.toFloatArray();
        int n = v.length / 2;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (w[0] * v[2 * i] + w[1] * v[2 * i + 1] + w[2]);
        }
        return Map.of("y", Tensor.ofFloats(y, n, 1));
    }

    private double[] trained() {
        return weights.orElseThrow(() -> new IllegalStateException("the model is neither trained nor loaded"));
    }

    @Override
    public void export(ExportBuilder export) {
        export.model(onnx(trained())).input(X).output(Y).framework("plain-java-least-squares", "1")
                .file(WEIGHTS, weightsJson());
    }

    @Override
    public void save(Path directory) {
        try {
            Files.write(directory.resolve(WEIGHTS), weightsJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(WEIGHTS), e);
        }
    }

    private byte[] weightsJson() {
        double[] w = trained();
        try {
            return JSON.writeValueAsBytes(Map.of("w", List.of(w[0], w[1]), "b", w[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void load(Path bundle) {
        Path file = bundle.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(bundle.toString(), WEIGHTS + " is missing: the bundle was not exported by"
                    + " LeastSquaresModel");
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            weights = Optional.of(new double[] {n.get("w").get(0).asDouble(), n.get("w").get(1).asDouble(),
                    n.get("b").asDouble()});
        } catch (IOException e) {
            throw new InvalidBundleException(bundle.toString(), WEIGHTS + " cannot be read: " + e);
        }
    }

    /** The ONNX graph {@code y = x W + b}: IR 8, default opset of Tribuo's ONNXOperators. */
    static byte[] onnx(double[] w) {
        ONNXContext ctx = new ONNXContext();
        ctx.setName("least-squares");
        ONNXPlaceholder x = ctx.floatInput("x", 2);
        ONNXPlaceholder y = ctx.floatOutput("y", 1);
        ONNXRef<?> weights = ctx.floatTensor("W", List.of(2, 1), fb -> fb.put((float) w[0]).put((float) w[1]));
        ONNXRef<?> bias = ctx.array("b", new float[] {(float) w[2]});
        x.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(weights, bias)).assignTo(y);
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("least-squares-test")
                .setProducerVersion("1").setModelVersion(1).addOpsetImport(ONNXOperators.getOpsetProto())
                .setGraph(ctx.buildGraph()).build().toByteArray();
    }

    /** @return the weights {@code [w0, w1, b]}, for assertions */
    List<Double> weights() {
        List<Double> out = new ArrayList<>();
        for (double v : trained()) {
            out.add(v);
        }
        return out;
    }
}
