// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.spec.Constraint;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mlops bench}: what it reports and how it fails. Nothing here asserts how fast anything is; runs are a few
 * calls long.
 */
class BenchCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path packed() throws IOException {
        return Fixtures.packedLinear(tmp.resolve("linear"));
    }

    static JsonNode json(Cli r) throws IOException {
        return JSON.readTree(r.out());
    }

    static void assertOrderedPositivePercentiles(JsonNode side, int calls) {
        assertThat(side.get("calls").asInt()).isEqualTo(calls);
        double p50 = side.get("p50Micros").asDouble();
        double p90 = side.get("p90Micros").asDouble();
        double p99 = side.get("p99Micros").asDouble();
        double max = side.get("maxMicros").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(side.get("callsPerSecond").asDouble()).isPositive();
    }

    @Test
    void bench_reportsPercentilesForSdkAndRawOnnxRuntime() throws IOException {
        Cli r = Cli.run("bench", packed().toString(), "--json", "--iterations", "13", "--warmup", "2");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode report = json(r);
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(report.get("exitCode").asInt()).isZero();
        assertThat(report.at("/model/name").asText()).isEqualTo("linear");
        assertThat(report.at("/model/version").asText()).isEqualTo("1.0.0");
        assertThat(report.at("/model/deliveryId").asText()).startsWith("sha256:");
        assertThat(report.get("executionProvider").asText()).isEqualTo("cpu");
        assertThat(report.get("intraOpThreads").asInt()).as("0: ONNX Runtime's default").isZero();
        assertThat(report.get("onnxRuntimeVersion").asText()).isNotBlank();
        assertThat(report.at("/inputs/source").asText()).isEqualTo("adequacy_test.csv");
        assertThat(report.at("/inputs/requests").asInt()).isEqualTo(3);
        assertThat(report.at("/inputs/tensors/0/name").asText()).isEqualTo("x");
        assertThat(report.at("/inputs/tensors/0/dtype").asText()).isEqualTo("float32");
        assertThat(report.at("/inputs/tensors/0/shapes").toString()).isEqualTo("[[1,1]]");
        assertThat(report.get("warmup").asInt()).isEqualTo(2);
        assertOrderedPositivePercentiles(report.get("sdk"), 13);
        assertOrderedPositivePercentiles(report.get("raw"), 13);
        assertThat(report.get("ratioSdkToRawP50").asDouble()).isCloseTo(
                report.at("/sdk/p50Micros").asDouble() / report.at("/raw/p50Micros").asDouble(), within(1e-3));
    }

    @Test
    void bench_printsATableWithBothSidesOnStdout() throws IOException {
        Cli r = Cli.run("bench", packed().toString(), "--iterations", "5", "--warmup", "0", "--threads", "1");
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("linear 1.0.0 (sha256:").contains(" on cpu, intra-op threads 1")
                .contains("inputs: x float32[1, 1]; 3 requests from adequacy_test.csv, cycled")
                .contains("then 5 timed calls each");
        List<String> table = r.out().lines().filter(l -> l.contains("calls/s") || l.startsWith("sdk (")
                || l.startsWith("raw (")).toList();
        assertThat(table).hasSize(3);
        assertThat(table.get(0)).contains("calls", "p50 us", "p90 us", "p99 us", "max us", "calls/s");
        assertThat(table.get(1)).startsWith("sdk (predict)").contains(" 5 ");
        assertThat(table.get(2)).startsWith("raw (OrtSession.run)").contains(" 5 ");
        assertThat(table).as("aligned columns").extracting(String::length).containsOnly(table.get(0).length());
        assertThat(r.out()).containsPattern("sdk/raw p50: \\d+\\.\\d{3}");
    }

    @Test
    void bench_withDurationTimesWholeBlocksOfBothSides() throws IOException {
        Cli r = Cli.run("bench", packed().toString(), "--json", "--duration", "0.05", "--warmup", "0");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode report = json(r);
        int calls = report.at("/sdk/calls").asInt();
        assertThat(calls).isPositive().isEqualTo(report.at("/raw/calls").asInt());
        assertThat(calls % BenchCommand.BLOCK).isZero();
        assertOrderedPositivePercentiles(report.get("sdk"), calls);
        assertOrderedPositivePercentiles(report.get("raw"), calls);
    }

    @Test
    void bench_cyclesTheRequestsOfAnInputFileAndReportsTheirShapes() throws IOException {
        Path in = tmp.resolve("requests.jsonl");
        Files.write(in, List.of(
                "{\"id\": \"one\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}}",
                "{\"x\": {\"dtype\": \"float32\", \"shape\": [4, 1], \"data\": [1, 2, 3, 4]}}"));
        Cli r = Cli.run("bench", packed().toString(), "--input", in.toString(), "--json", "--iterations", "3");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode report = json(r);
        assertThat(report.at("/inputs/source").asText()).isEqualTo(in.toString());
        assertThat(report.at("/inputs/requests").asInt()).isEqualTo(2);
        assertThat(report.at("/inputs/tensors/0/shapes").toString()).isEqualTo("[[1,1],[4,1]]");
        assertThat(report.at("/sdk/calls").asInt()).isEqualTo(3);
    }

    @Test
    void bench_warmsUpAtLeastTheMinimumByDefault() throws IOException {
        JsonNode report = json(Cli.run("bench", packed().toString(), "--json", "--iterations", "1"));
        assertThat(report.get("warmup").asInt()).isGreaterThanOrEqualTo(BenchCommand.MIN_WARMUP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.testkit.models.TestModels#all")
    void bench_runsEveryKindOfTestModelOnBothSides(TestModel model) throws IOException {
        Path bundle = Fixtures.packedBundle(tmp.resolve(model.name()), model, UnaryOperator.identity());
        Cli r = Cli.run("bench", bundle.toString(), "--json", "--iterations", "2", "--warmup", "0");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode report = json(r);
        assertThat(report.at("/inputs/tensors").findValuesAsText("name"))
                .containsExactlyElementsOf(model.inputs().stream().map(t -> t.name()).toList());
        assertOrderedPositivePercentiles(report.get("sdk"), 2);
        assertOrderedPositivePercentiles(report.get("raw"), 2);
    }

    @Test
    void bench_exits2NamingTheFileOfAnInvalidBundle() throws IOException {
        Path dir = packed();
        Files.writeString(dir.resolve("model.onnx"), "tampered");
        Cli r = Cli.run("bench", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("model.onnx");
        assertThat(r.out()).isEmpty();
        JsonNode report = json(Cli.run("bench", dir.toString(), "--json"));
        assertThat(report.get("exitCode").asInt()).isEqualTo(2);
        assertThat(report.at("/error/file").asText()).isEqualTo("model.onnx");
    }

    @Test
    void bench_exits2NamingAPathThatDoesNotExist() {
        Cli r = Cli.run("bench", tmp.resolve("nope").toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("nope: no such file or directory");
    }

    @Test
    void bench_exits1WithoutMeasuringWhenAnAdequacyCaseFails() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("linear"));
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,3.5\n3.5,8\n");
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Cli r = Cli.run("bench", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("row 2");
        assertThat(r.out()).isEmpty();
        JsonNode report = json(Cli.run("bench", dir.toString(), "--json"));
        assertThat(report.get("exitCode").asInt()).isEqualTo(1);
        assertThat(report.has("sdk")).isFalse();
    }

    @Test
    void bench_exits2NamingTheInputFileAndTheUnknownTensorOfARequest() throws IOException {
        Path dir = packed();
        Path in = tmp.resolve("requests.jsonl");
        Files.writeString(in, "{\"z\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}\n");
        Cli r = Cli.run("bench", dir.toString(), "--input", in.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("requests.jsonl").contains("line 1").contains("inputs.z");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bench_exits2NamingTheInputFileAndRequestThatTheModelRefuses() throws IOException {
        Path dir = Fixtures.packedBundle(tmp.resolve("enveloped"), TestModels.linear(),
                m -> m.constraint(Constraint.reject("x", -10, 10)));
        Path in = tmp.resolve("requests.jsonl");
        Files.write(in, List.of("{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}",
                "{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [11]}}"));
        Cli r = Cli.run("bench", dir.toString(), "--input", in.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("requests.jsonl: line 2: ").contains("'x'").contains("11");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bench_exits2WhenTheInputFileIsMissingOrEmpty() throws IOException {
        Path dir = packed();
        Cli missing = Cli.run("bench", dir.toString(), "--input", tmp.resolve("absent.jsonl").toString());
        assertThat(missing.code()).as("%s", missing).isEqualTo(2);
        assertThat(missing.err()).contains("absent.jsonl: no such file or directory");
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        Cli none = Cli.run("bench", dir.toString(), "--input", empty.toString());
        assertThat(none.code()).as("%s", none).isEqualTo(2);
        assertThat(none.err()).contains("empty.jsonl: holds no requests");
    }

    @Test
    void bench_closesEverySessionItOpenedOnSuccessAndOnFailure() throws IOException {
        Path good = packed();
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1e7]}}\n");
        Path failing = Fixtures.linearBundle(tmp.resolve("failing"));
        Files.writeString(failing.resolve("adequacy_test.csv"), "x,y\n0,2\n");
        assertThat(Cli.run("pack", failing.toString()).code()).isZero();
        Path envelope = Fixtures.packedBundle(tmp.resolve("enveloped"), TestModels.linear(),
                m -> m.constraint(Constraint.reject("x", -10, 10)));
        long sdkBefore = openSdkSessions();
        int rawBefore = BenchCommand.RawSession.OPEN.get();
        assertThat(Cli.run("bench", good.toString(), "--iterations", "3").code()).isZero();
        assertThat(Cli.run("bench", failing.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("bench", envelope.toString(), "--input", bad.toString()).code()).isEqualTo(2);
        assertThat(openSdkSessions()).isEqualTo(sdkBefore);
        assertThat(BenchCommand.RawSession.OPEN.get()).isEqualTo(rawBefore);
    }

    static long openSdkSessions() {
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            return runtime.cacheStats().openSessions();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--iterations 0               | --iterations must be from 1",
        "--iterations -5              | --iterations must be from 1",
        "--iterations 10000001        | --iterations must be from 1",
        "--iterations many            | --iterations",
        "--iterations 5 --duration 1  | give --iterations or --duration, not both",
        "--duration 0                 | --duration must be",
        "--duration NaN               | --duration must be",
        "--warmup -1                  | --warmup must be from 0 to",
        "--threads 0                  | --threads must be at least 1",
        "--providers gpu              | 'gpu' is not an execution provider",
        "--providers cpu,cpu          | --providers names a provider twice",
    })
    void bench_exits64OnUsageErrors(String options, String message) throws IOException {
        List<String> args = new ArrayList<>(List.of("bench", packed().toString()));
        args.addAll(List.of(options.trim().split(" +")));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as("%s", r).isEqualTo(64);
        assertThat(r.err()).contains(message.trim());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void bench_helpDocumentsTheExitCodes() {
        Cli r = Cli.run("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("raw ONNX Runtime", "--iterations", "--duration", "--warmup", "--threads",
                "--input", "--providers", "Exit codes:").containsPattern("\\n +1 +an adequacy case failed")
                .containsPattern("\\n +64 +usage error");
    }

    @Test
    void readme_benchExampleRunsAsShown() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        String command = readme.get(readme.indexOf("## `bench`") + 3);
        String prefix = "java -jar mlops-cli/target/mlops.jar ";
        assertThat(command).startsWith(prefix + "bench examples/");
        String[] args = command.substring(prefix.length()).replace("examples/", "../examples/").split(" +");
        Cli r = Cli.run(args);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("linear 1.0.0", "sdk (predict)", "raw (OrtSession.run)", "sdk/raw p50:");
    }

    @Test
    void stats_takeNearestRankPercentilesOfTheSamples() {
        List<Long> shuffled = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(shuffled, new Random(7));
        BenchCommand.Stats s = BenchCommand.Stats.of(shuffled.stream().mapToLong(Long::longValue).toArray());
        assertThat(s).isEqualTo(new BenchCommand.Stats(100, 50, 90, 99, 100, 5050));
        assertThat(s.callsPerSecond()).isEqualTo(100 * 1e9 / 5050);
        assertThat(BenchCommand.Stats.of(new long[] {7})).isEqualTo(new BenchCommand.Stats(1, 7, 7, 7, 7, 7));
        assertThat(BenchCommand.Stats.of(new long[] {4, 1, 3, 2, 10, 9, 8, 7, 6, 5}))
                .isEqualTo(new BenchCommand.Stats(10, 5, 9, 10, 10, 55));
    }
}
