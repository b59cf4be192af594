// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.research.config.CanonicalJson;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.export.ExportResult;
import dev.mlops.research.export.TrainingData;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research model interface end to end with a real model: fitted in Java, exported to a bundle whose adequacy
 * cases ONNX Runtime computed, opened by {@code ModelRuntime} through its adequacy gate, and re-loaded predicting the
 * same.
 */
class RnDModelTest {
    @TempDir
    Path dir;

    /** {@code rain = 0.02 celsius - 0.01 humidity + 0.5} plus noise; one humidity missing. */
    static Path writeCsv(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder("celsius,humidity,rain\n");
        for (int i = 0; i < 200; i++) {
            double c = -5 + 40 * random.nextDouble();
            double h = 10 + 85 * random.nextDouble();
            double rain = 0.02 * c - 0.01 * h + 0.5 + 0.01 * (random.nextDouble() - 0.5);
            sb.append(String.format(java.util.Locale.ROOT, "%.3f,%s,%.4f%n", c,
                    i == 17 ? "" : String.format(java.util.Locale.ROOT, "%.2f", h), rain));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void trainExportOpenLoad_reloadedModelPredictsTheSameAndTheRuntimeGatesTheExport() throws Exception {
        LeastSquaresModel.Table train = LeastSquaresModel.Table.read("weather-train", writeCsv(dir.resolve("t.csv")));
        JsonNode config = new ObjectMapper().readTree("{\"model\": {\"ridge\": 0.001}, \"train\": {\"seed\": 7}}");
        LeastSquaresModel model = new LeastSquaresModel();
        model.build(new LeastSquaresModel.Config(config.get("model").get("ridge").asDouble()));
        List<Metric> trainMetrics = model.train(train);
        List<Metric> evaluation = model.evaluate(train);
        assertThat(model.weights().get(0)).isCloseTo(0.02, within(1e-3));
        assertThat(model.weights().get(1)).isCloseTo(-0.01, within(1e-3));
        assertThat(trainMetrics.get(0).value()).isLessThan(1e-4);

        Tensor caseRows = Tensor.ofMatrix(new float[][] {{20f, 50f}, {-3f, 90f}, {35f, 12.5f}});
        ExportBuilder export = ExportBuilder.newBuilder("rain-linear", "1.0.0")
                .config(config)
                .dataset("weather-train", train.file())
                .trainingData("weather-train", TrainingData.newBuilder().input("x", train.inputs())
                        .output("y", train.targets()).build())
                .buildId("rain-linear__main__abc1234__42__t1")
                .gitCommit("abc1234").branch("main").buildNumber(42).trialId("t1")
                .trainEndTime(OffsetDateTime.parse("2026-11-23T10:15:30Z"))
                .capability("area", "Jerusalem")
                .tolerance(new Tolerance(1e-5, 1e-4))
                .adequacyCase("three rows", Map.of("x", caseRows), model.predict(Map.of("x", caseRows)));
        evaluation.forEach(export::metric);
        model.export(export);

        ExportResult result = export.export(dir.resolve("bundle"));

        Path bundle = result.bundle();
        assertThat(bundle).isDirectory();
        assertThat(bundle.resolve("model.onnx")).isRegularFile();
        assertThat(bundle.resolve("config.json")).isRegularFile();
        assertThat(bundle.resolve("adequacy/cases.jsonl")).isRegularFile();
        assertThat(bundle.resolve("manifest.json")).isRegularFile();
        assertThat(bundle.resolve(LeastSquaresModel.WEIGHTS)).isRegularFile();
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".bundle"));

        ModelMetadata meta = Metadata.read(bundle.resolve("metadata.json")).metadata();
        assertThat(meta).isEqualTo(result.metadata());
        assertThat(meta.schemaVersion().toString()).isEqualTo("1.1");
        assertThat(meta.provenance().configSha256()).contains(CanonicalJson.sha256(config))
                .contains(CanonicalJson.sha256(bundle.resolve("config.json")));
        assertThat(meta.provenance().datasets()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("weather-train");
            assertThat(d.sha256()).contains(sha256(train.file()));
        });
        assertThat(meta.provenance().gitCommit()).contains("abc1234");
        assertThat(meta.provenance().buildNumber()).hasValue(42);
        assertThat(meta.provenance().framework().orElseThrow().name()).isEqualTo("plain-java-least-squares");
        assertThat(meta.buildId()).contains("rain-linear__main__abc1234__42__t1");
        assertThat(meta.metrics()).containsExactlyElementsOf(evaluation);

        DataStatistics stats = meta.statistics().orElseThrow();
        assertThat(stats.dataset().orElseThrow().sha256()).contains(sha256(train.file()));
        FeatureStatistics.Numeric humidity = (FeatureStatistics.Numeric) stats.input("x", "humidity").orElseThrow();
        assertThat(humidity.count()).isEqualTo(200);
        assertThat(humidity.missing()).isEqualTo(1);
        assertThat(humidity.histogram().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(199);
        assertThat(humidity.quantiles()).hasSize(101);
        assertThat(stats.output("y", "0")).isPresent();

        try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                RuntimeModel served = runtime.open(bundle)) {
            Tensor onnx = served.predict(Map.of("x", caseRows)).get("y");
            LeastSquaresModel reloaded = new LeastSquaresModel();
            reloaded.load(bundle);
            Tensor again = reloaded.predict(Map.of("x", caseRows)).get("y");
            assertThat(again).isEqualTo(model.predict(Map.of("x", caseRows)).get("y"));
            float[] o = onnx.toFloatArray();
            float[] a = again.toFloatArray();
            for (int i = 0; i < o.length; i++) {
                assertThat(o[i]).isCloseTo(a[i], within(1e-5f + 1e-4f * Math.abs(a[i])));
            }
            List<AdequacyCase> cases = CaseReader.read(bundle.resolve("adequacy/cases.jsonl"), meta);
            assertThat(cases).singleElement().satisfies(c -> assertThat(c.expected().get("y")).isEqualTo(onnx));
        }
    }

    @Test
    void saveThenLoadInAFreshModel_predictsTheSameAsTheTrainedOne() throws Exception {
        LeastSquaresModel.Table train = LeastSquaresModel.Table.read("weather-train", writeCsv(dir.resolve("t.csv")));
        LeastSquaresModel model = new LeastSquaresModel();
        model.build(new LeastSquaresModel.Config(0.001));
        model.train(train);
        Path saved = Files.createDirectory(dir.resolve("saved"));

        model.save(saved);
        LeastSquaresModel restored = new LeastSquaresModel();
        restored.load(saved);

        assertThat(saved.resolve(LeastSquaresModel.WEIGHTS)).isRegularFile();
        assertThat(restored.predict(Map.of("x", train.inputs())))
                .isEqualTo(model.predict(Map.of("x", train.inputs())));
        assertThat(restored.evaluate(train)).isEqualTo(model.evaluate(train));
    }
}
