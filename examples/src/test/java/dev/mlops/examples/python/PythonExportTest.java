// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export that {@code examples/python-research/train.py} made with PyTorch, committed so that CI proves without
 * Python that a Python-made bundle serves in the Java runtime; and, where Debian's {@code python3-torch} and the built
 * CLI are present, the script run again from scratch.
 */
class PythonExportTest {
    static final Path EXAMPLE = exampleDir();
    static final Path EXPORT = EXAMPLE.resolve("export");
    static final List<String> AREAS = List.of("Jerusalem", "Hebron", "Beit-Shemesh");
    static ModelRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void committedExport_verifiesAndPassesItsAdequacyGateInOnnxRuntime() {
        ModelRuntime.Verification v = runtime.verify(EXPORT);
        assertThat(v.passed()).as("%s", v).isTrue();
        assertThat(v.adequacy().cases()).hasSize(5);
    }

    @Test
    void committedExport_predictsRainProbabilitiesForABatchThatRiseWithHumidity() throws IOException {
        try (RuntimeModel model = runtime.open(EXPORT)) {
            float[][] rows = new float[AREAS.size() * 2][];
            for (int a = 0; a < AREAS.size(); a++) {
                rows[2 * a] = row(18f, 20f, AREAS.get(a));
                rows[2 * a + 1] = row(18f, 95f, AREAS.get(a));
            }
            float[][] p = model.predict(rows);
            assertThat(p).hasNumberOfRows(rows.length);
            for (int a = 0; a < AREAS.size(); a++) {
                assertThat(p[2 * a]).hasSize(1);
                assertThat(p[2 * a][0]).as("dry air in %s", AREAS.get(a)).isBetween(0f, 0.5f);
                assertThat(p[2 * a + 1][0]).as("humid air in %s", AREAS.get(a)).isBetween(0.5f, 1f);
            }
            assertThat(model.predict(new float[][] {row(18f, 70f, "Hebron")})[0][0])
                    .as("the batch of one, as the adequacy case 'Hebron, 18 C, 70 %%' computed it")
                    .isCloseTo(expectedOfCase("Hebron, 18 C, 70 %"), within(1e-5f));
        }
    }

    @Test
    void committedExport_rejectsATemperatureOutsideItsEnvelopeNamingTheFeature() {
        try (RuntimeModel model = runtime.open(EXPORT)) {
            assertThatThrownBy(() -> model.predict(new float[][] {row(18f, 50f, "Hebron"), row(61f, 50f, "Hebron")}))
                    .isInstanceOfSatisfying(EnvelopeViolationException.class, e -> {
                        assertThat(e.input()).isEqualTo("features");
                        assertThat(e.feature()).isEqualTo("celsius");
                        assertThat(e.value()).isEqualTo(61.0);
                        assertThat(e.limit()).isEqualTo(50.0);
                    });
        }
    }

    @Test
    void committedExport_metadataRecordsTorchTheDatasetHashAndHeldOutMetrics() throws IOException {
        try (RuntimeModel model = runtime.open(EXPORT)) {
            ModelMetadata m = model.metadata();
            assertThat(m.schemaVersion().toString()).isEqualTo("1.0");
            assertThat(m.name()).isEqualTo("rain-torch");
            assertThat(m.inputs()).singleElement().satisfies(in -> {
                assertThat(in.dtype()).isEqualTo(DataType.FLOAT32);
                assertThat(in.features()).containsExactly("celsius", "humidity", "area=Jerusalem", "area=Hebron",
                        "area=Beit-Shemesh");
            });
            assertThat(m.capabilities().get("area")).containsExactlyElementsOf(AREAS);
            Constraint celsius = m.constraints().stream().filter(c -> c.feature().equals(Optional.of("celsius")))
                    .findFirst().orElseThrow();
            assertThat(celsius.min()).hasValue(-20.0);
            assertThat(celsius.max()).hasValue(50.0);
            assertThat(celsius.action()).isEqualTo(ConstraintAction.REJECT);
            assertThat(m.adequacy()).hasValueSatisfying(a -> {
                assertThat(a.cases()).isEqualTo("adequacy/cases.jsonl");
                assertThat(a.tolerance()).isEqualTo(new Tolerance(1e-5, 1e-4));
            });
            assertThat(m.provenance().framework()).hasValueSatisfying(f -> assertThat(f.name()).isEqualTo("torch"));
            assertThat(m.provenance().datasets()).singleElement().satisfies(d -> {
                assertThat(d.name()).isEqualTo("weather-synthetic");
                assertThat(d.sha256()).as("the SHA-256 of the committed data/weather.csv")
                        .hasValue(sha256(EXAMPLE.resolve("data/weather.csv")));
            });
            assertThat(m.provenance().configSha256()).isPresent();
            Map<String, Metric> metrics = metricsByName(m);
            assertThat(metrics).containsOnlyKeys("auc", "accuracy", "logloss");
            assertThat(metrics.values()).allSatisfy(x -> {
                assertThat(x.dataset()).hasValue("weather-synthetic");
                assertThat(x.split()).hasValue("test");
            });
            assertThat(metrics.get("auc").value()).as("held-out AUC").isBetween(0.75, 1.0);
            assertThat(metrics.get("accuracy").value()).as("held-out accuracy").isBetween(0.7, 1.0);
        }
    }

    @Test
    void script_runAgainIntoAFreshFolder_writesABundleThatVerifiesWithTheSameMetrics(@TempDir Path tmp)
            throws Exception {
        Path jar = EXAMPLE.resolve("../../mlops-cli/target/mlops.jar").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(jar),
                "the mlops CLI is not built (" + jar + "): mvn -B -pl mlops-cli -am package -DskipTests");
        Optional<String> python = pythonWithTorch();
        Assumptions.assumeTrue(python.isPresent(), "no Python with torch here (tried $MLOPS_PYTHON, /usr/bin/python3,"
                + " python3): apt-get install python3-torch, then run /usr/bin/python3 examples/python-research/train.py");
        Path out = tmp.resolve("rain-torch");
        Path log = tmp.resolve("train.log");
        ProcessBuilder pb = new ProcessBuilder(python.get(), EXAMPLE.resolve("train.py").toString(),
                "--out", out.toString(), "--data", EXAMPLE.resolve("data/weather.csv").toString(),
                "--store", "jdbc:sqlite:" + tmp.resolve("runs.db"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MLOPS_JAR", jar.toString());
        pb.environment().remove("MLOPS");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("train.py finished within 5 minutes").isTrue();
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("train.py's exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("verified: rain-torch 1.0.0");
        assertThat(printed).as("the export is recorded in the run store").contains("recorded");
        assertThat(runtime.verify(out).passed()).isTrue();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .as("nothing but the bundle and the log: the work folder is gone")
                    .containsExactlyInAnyOrder("rain-torch", "train.log", "runs.db");
        }
        try (RuntimeModel fresh = runtime.open(out); RuntimeModel committed = runtime.open(EXPORT)) {
            Map<String, Metric> now = metricsByName(fresh.metadata());
            metricsByName(committed.metadata()).forEach((name, before) -> assertThat(now.get(name).value())
                    .as("%s: training is seeded and deterministic", name).isCloseTo(before.value(), within(1e-3)));
            assertThat(fresh.metadata().provenance().datasets()).extracting(DatasetRef::sha256)
                    .isEqualTo(committed.metadata().provenance().datasets().stream().map(DatasetRef::sha256).toList());
        }
    }

    static float[] row(float celsius, float humidity, String area) {
        float[] r = new float[2 + AREAS.size()];
        r[0] = celsius;
        r[1] = humidity;
        r[2 + AREAS.indexOf(area)] = 1f;
        return r;
    }

    /** The single expected value of a one-row case of the committed cases.jsonl, read with a plain text search. */
    static float expectedOfCase(String id) throws IOException {
        String line = Files.readAllLines(EXPORT.resolve("adequacy/cases.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("{\"id\": \"" + id + "\"")).findFirst().orElseThrow();
        String tail = line.substring(line.indexOf("\"expected\""));
        String data = tail.substring(tail.indexOf("\"data\": [") + "\"data\": [".length());
        return Float.parseFloat(data.substring(0, data.indexOf(']')));
    }

    static Map<String, Metric> metricsByName(ModelMetadata m) {
        return m.metrics().stream().collect(Collectors.toMap(Metric::name, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The first of $MLOPS_PYTHON, /usr/bin/python3 and python3 that imports torch. */
    static Optional<String> pythonWithTorch() {
        return Stream.of(System.getenv("MLOPS_PYTHON"), "/usr/bin/python3", "python3")
                .filter(c -> c != null && !c.isBlank()).filter(PythonExportTest::importsTorch).findFirst();
    }

    static boolean importsTorch(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Path exampleDir() {
        for (Path candidate : new Path[] {Path.of("examples", "python-research"), Path.of("python-research")}) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("run from the repository root or the examples folder: no python-research/"
                + " found in " + Path.of("").toAbsolutePath());
    }
}
