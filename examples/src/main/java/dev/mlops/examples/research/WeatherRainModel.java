// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.research;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Will it rain: Tribuo's logistic regression ({@link LinearSGDTrainer} with {@link LogMulticlass} and
 * {@link AdaGrad}) on the temperature and the humidity. Its ONNX export takes {@code input} float32
 * {@code [-1, 2]} (celsius, humidity) and gives {@code output} float32 {@code [-1, 2]}: the probabilities of
 * {@code dry} and {@code rain} in the order of Tribuo's label ids ({@link #rainColumn()} says which is rain). It saves and re-loads itself as Tribuo's protobuf ({@value #SAVED}).
 *
 * <p>Not thread-safe: one task uses one model.
 */
public final class WeatherRainModel implements RnDModel<WeatherConfig, WeatherRows> {
    /** The saved Tribuo model, in the train run's {@code model/} and in the bundle. */
    public static final String SAVED = "model.tribuo";
    /** The features, in the order of the ONNX input's last axis (Tribuo orders features by name). */
    public static final List<String> FEATURES = List.of("celsius", "humidity");
    /** The labels; the ONNX output's columns follow Tribuo's label ids (the order the training data shows them). */
    public static final List<String> LABELS = List.of("dry", "rain");
    static final TensorSpec INPUT = TensorSpec.of("input", DataType.FLOAT32, -1, 2).withFeatures("celsius",
            "humidity");
    static final TensorSpec OUTPUT = TensorSpec.of("output", DataType.FLOAT32, -1, 2);
    private static final LabelFactory LABEL_FACTORY = new LabelFactory();

    private Optional<LinearSGDTrainer> trainer = Optional.empty();
    private Optional<LinearSGDModel> model = Optional.empty();

    /** Creates an untrained model. */
    public WeatherRainModel() {
        // untrained
    }

    @Override
    public void build(WeatherConfig config) {
        WeatherConfig.Train t = config.train();
        trainer = Optional.of(new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(t.learningRate(), 0.1),
                t.epochs(), -1, t.minibatch(), t.seed())); // -1: no loss line every few examples on the console
        model = Optional.empty();
    }

    @Override
    public List<Metric> train(WeatherRows data) {
        LinearSGDTrainer t = trainer.orElseThrow(() -> new IllegalStateException("train: build the model first"));
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            examples.add(example(LABELS.get(data.rain()[i]), data.celsius()[i], data.humidity()[i]));
        }
        ListDataSource<Label> source = new ListDataSource<>(examples, LABEL_FACTORY,
                new SimpleDataSourceProvenance(data.dataset(), LABEL_FACTORY));
        model = Optional.of(t.train(new MutableDataset<>(source)));
        return metrics(data);
    }

    private static Example<Label> example(String label, float celsius, float humidity) {
        return new ArrayExample<>(new Label(label), FEATURES.toArray(String[]::new),
                new double[] {celsius, humidity});
    }

    @Override
    public List<Metric> evaluate(WeatherRows data) {
        return metrics(data);
    }

    /** Accuracy and log loss (the mean negative log-probability of the true label). */
    private List<Metric> metrics(WeatherRows data) {
        float[] p = probabilities(inputs(data));
        int r = rainColumn();
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < data.size(); i++) {
            float dry = p[2 * i + 1 - r];
            float rain = p[2 * i + r];
            int predicted = rain > dry ? 1 : 0;
            correct += predicted == data.rain()[i] ? 1 : 0;
            loss -= Math.log(Math.max(1e-7, data.rain()[i] == 1 ? rain : dry));
        }
        return List.of(new Metric("accuracy", (double) correct / data.size(), Optional.empty(), Optional.empty()),
                new Metric("logloss", loss / data.size(), Optional.empty(), Optional.empty()));
    }

    /** @return the rows as the model's input {@code [rows, 2]} */
    static Tensor inputs(WeatherRows data) {
        float[] v = new float[2 * data.size()];
        for (int i = 0; i < data.size(); i++) {
            v[2 * i] = data.celsius()[i];
            v[2 * i + 1] = data.humidity()[i];
        }
        return Tensor.ofFloats(v, data.size(), 2);
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Tensor x = inputs.get("input");
        if (x == null || x.rank() != 2 || x.shape()[1] != 2) {
            throw new IllegalArgumentException("predict: expected input \"input\" float32 [rows, 2] (celsius,"
                    + " humidity), got " + (x == null ? "none" : x));
        }
        return Map.of("output", Tensor.ofFloats(probabilities(x), x.shape()[0], 2));
    }

    /** Tribuo's probabilities of {@link #LABELS} for each row of {@code [rows, 2]}. */
    private float[] probabilities(Tensor x) {
        LinearSGDModel m = trained();
        float[] v = x.toFloatArray();
        int n = (int) x.shape()[0];
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            Prediction<Label> p = m.predict(example(LABELS.get(0), v[2 * i], v[2 * i + 1]));
            for (Label scored : p.getOutputScores().values()) {
                out[2 * i + m.getOutputIDInfo().getID(scored)] = (float) scored.getScore();
            }
        }
        return out;
    }

    /**
     * Returns the output column of {@code rain}.
     *
     * @return 0 or 1
     */
    public int rainColumn() {
        return trained().getOutputIDInfo().getID(new Label("rain"));
    }

    private LinearSGDModel trained() {
        return model.orElseThrow(() -> new IllegalStateException("the model is neither trained nor loaded"));
    }

    @Override
    public void export(ExportBuilder export) {
        LinearSGDModel m = trained();
        export.model(m.exportONNXModel("dev.mlops.examples", 1).toByteArray())
                .input(INPUT).output(OUTPUT)
                .modelType("classification")
                .framework("tribuo", Tribuo.VERSION)
                .file(SAVED, m.serialize().toByteArray());
    }

    @Override
    public void save(Path directory) {
        Path file = directory.resolve(SAVED);
        try {
            trained().serializeToFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void load(Path bundle) {
        Path file = bundle.resolve(SAVED);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(bundle.toString(), SAVED + " is missing: not saved by WeatherRainModel");
        }
        try {
            Model<?> read = Model.deserializeFromFile(file);
            if (!(read instanceof LinearSGDModel linear)) {
                throw new InvalidBundleException(file.toString(), "holds a " + read.getClass().getName()
                        + ", expected Tribuo's LinearSGDModel");
            }
            model = Optional.of(linear);
        } catch (IOException e) {
            throw new InvalidBundleException(file.toString(), "cannot be read: " + e.getMessage(), e);
        }
    }
}
