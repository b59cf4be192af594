// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: cases read one at a time, within {@link CaseLimits}, through {@link CaseStream} and {@code scan}. */
class CaseStreamTest {
    private static final String FILE = "adequacy/cases.jsonl";
    private static final String X1 = "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1.0]}";
    private static final String Y3 = "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3.0]}";
    private static final String BAD = "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [\"abc\"]}";
    private static final String NOT_FLOAT = "\"abc\" is not a float32 (a number, or one of the strings \"NaN\", "
            + "\"Infinity\", \"-Infinity\")";

    @TempDir
    Path tmp;

    private static String line(String id, String x, String y) {
        return "{\"id\": \"" + id + "\", \"inputs\": {\"x\": " + x + "}, \"expected\": {\"y\": " + y + "}}";
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void stream_returnsCasesInFileOrderThenEnds() throws IOException {
        Path file = write("cases.jsonl", line("a", X1, Y3), "", line("b", X1, Y3));
        try (CaseStream cases = CaseReader.stream(file, FILE, Models.linear(), CaseLimits.DEFAULT)) {
            assertThat(cases.next().id()).isEqualTo("a");
            assertThat(cases.next().id()).isEqualTo("b");
            assertThat(cases.casesRead()).isEqualTo(2);
            assertThat(cases.hasNext()).isFalse();
            assertThatThrownBy(cases::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void stream_readsLazilyAndFailsAtTheFirstProblemNamingLineColumnAndField() throws IOException {
        Path file = write("cases.jsonl", line("a", X1, Y3), line("b", X1, Y3), line("c", BAD, Y3),
                line("d", BAD, Y3));
        List<String> ids = new ArrayList<>();
        try (CaseStream cases = CaseReader.stream(file, FILE, Models.linear(), CaseLimits.DEFAULT)) {
            assertThatThrownBy(() -> cases.forEachRemaining(c -> ids.add(c.id())))
                    .isInstanceOf(InvalidBundleException.class)
                    .hasMessage(FILE + ": line 3, column 76: inputs.x.data[0]: " + NOT_FLOAT);
            assertThat(cases.hasNext()).as("a failed stream is closed").isFalse();
        }
        assertThat(ids).containsExactly("a", "b");
    }

    @Test
    void scan_countsEveryCaseOrListsEveryProblem() throws IOException {
        Path good = write("good.jsonl", line("a", X1, Y3), line("b", X1, Y3), line("c", X1, Y3));
        assertThat(CaseReader.scan(good, FILE, Models.linear(), CaseLimits.DEFAULT)).isEqualTo(new CaseSummary(3, 0));

        Path bad = write("bad.jsonl", line("a", X1, Y3), line("b", BAD, Y3), line("a", X1, Y3));
        assertThatThrownBy(() -> CaseReader.scan(bad, FILE, Models.linear(), CaseLimits.DEFAULT))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(FILE + ": 2 problems:\n"
                        + "  line 2, column 76: inputs.x.data[0]: " + NOT_FLOAT + "\n"
                        + "  line 3, column 8: id: \"a\" is already used on line 1");
    }

    @Test
    void streamAndScan_fromBundleFollowMetadataAndAreEmptyWithoutAdequacy() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle/adequacy"));
        Files.writeString(dir.resolve("cases.jsonl"), line("a", X1, Y3) + "\n");
        Files.writeString(dir.getParent().resolve("model.onnx"), "m");
        Bundles.pack(dir.getParent());
        ModelMetadata meta = Models.linear().toBuilder()
                .adequacy(new AdequacySpec(FILE, Tolerance.DEFAULT, Map.of())).build();
        try (Bundle b = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build().open(dir.getParent())) {
            assertThat(CaseReader.scan(b, meta, CaseLimits.DEFAULT)).isEqualTo(new CaseSummary(1, 0));
            try (CaseStream cases = CaseReader.stream(b, meta, CaseLimits.DEFAULT)) {
                assertThat(cases.next().source()).contains(new CaseSource(FILE, 1));
                assertThat(cases.hasNext()).isFalse();
            }
            assertThat(CaseReader.scan(b, Models.linear(), CaseLimits.DEFAULT)).isEqualTo(new CaseSummary(0, 0));
            try (CaseStream none = CaseReader.stream(b, Models.linear(), CaseLimits.DEFAULT)) {
                assertThat(none.hasNext()).isFalse();
            }
        }
    }

    @Test
    void close_isIdempotentAndEndsTheStream() throws IOException {
        Path file = write("cases.jsonl", line("a", X1, Y3), line("b", X1, Y3));
        CaseStream cases = CaseReader.stream(file, FILE, Models.linear(), CaseLimits.DEFAULT);
        assertThat(cases.next().id()).isEqualTo("a");
        cases.close();
        cases.close();
        assertThat(cases.hasNext()).isFalse();
    }

    @Test
    void streamRequests_readsPlainInputLinesOneAtATime() throws IOException {
        Path file = write("in.jsonl", "{\"x\": " + X1 + "}", "{\"x\": " + BAD + "}");
        try (CaseStream requests = CaseReader.streamRequests(file, "in.jsonl", Models.linear(), CaseLimits.DEFAULT)) {
            assertThat(requests.next().id()).isEqualTo("line 1");
            assertThatThrownBy(requests::next)
                    .isInstanceOf(InvalidBundleException.class)
                    .hasMessage("in.jsonl: line 2, column 54: inputs.x.data[0]: " + NOT_FLOAT);
        }
    }

    @Test
    void scanAndStream_refuseMoreCasesThanTheLimitNamingLineAndLimit() throws IOException {
        Path file = write("cases.jsonl", line("a", X1, Y3), "", line("b", X1, Y3), line("c", X1, Y3));
        CaseLimits two = CaseLimits.DEFAULT.withMaxCases(2);
        String message = FILE + ": line 4: more than 2 cases, the limit (CaseLimits.maxCases; pass CaseLimits with a "
                + "larger maxCases to read more)";
        assertThatThrownBy(() -> CaseReader.scan(file, FILE, Models.linear(), two))
                .isInstanceOf(InvalidBundleException.class).hasMessage(message);
        try (CaseStream cases = CaseReader.stream(file, FILE, Models.linear(), two)) {
            cases.next();
            cases.next();
            assertThatThrownBy(cases::hasNext).isInstanceOf(InvalidBundleException.class).hasMessage(message);
        }
        assertThat(CaseReader.scan(file, FILE, Models.linear(), CaseLimits.DEFAULT.withMaxCases(3)).cases())
                .isEqualTo(3);
    }

    @Test
    void read_refusesMoreCasesThanTheDefaultLimitInsteadOfExhaustingMemory() throws IOException {
        Path file = tmp.resolve("cases.csv");
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i <= CaseLimits.DEFAULT_MAX_CASES; i++) {
            csv.append(i).append(',').append(2 * i + 1).append('\n');
        }
        Files.writeString(file, csv);
        assertThatThrownBy(() -> CaseReader.read(file, "adequacy_test.csv", Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("adequacy_test.csv: line " + (CaseLimits.DEFAULT_MAX_CASES + 2)
                        + ": more than " + CaseLimits.DEFAULT_MAX_CASES + " cases, the limit (CaseLimits.maxCases");
    }

    @Test
    void scanAndStream_refuseALineLongerThanTheLimit() throws IOException {
        String longLine = line("b", "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1.0" + " ".repeat(3000) + "]}",
                Y3);
        Path file = write("cases.jsonl", line("a", X1, Y3), longLine, line("c", X1, Y3));
        CaseLimits small = CaseLimits.DEFAULT.withMaxCaseBytes(1000);
        String message = FILE + ": line 2: the line is longer than 1000 bytes, the limit for one case "
                + "(CaseLimits.maxCaseBytes; pass CaseLimits with a larger maxCaseBytes to read it)";
        assertThatThrownBy(() -> CaseReader.scan(file, FILE, Models.linear(), small))
                .isInstanceOf(InvalidBundleException.class).hasMessage(message);
        try (CaseStream cases = CaseReader.stream(file, FILE, Models.linear(), small)) {
            assertThat(cases.next().id()).isEqualTo("a");
            assertThatThrownBy(cases::next).isInstanceOf(InvalidBundleException.class).hasMessage(message);
        }
        assertThat(CaseReader.scan(file, FILE, Models.linear(), CaseLimits.DEFAULT).cases()).isEqualTo(3);
    }

    @Test
    void csv_refusesARecordLongerThanTheLimitEvenInsideQuotes() throws IOException {
        Path file = write("cases.csv", "x,y", "1,3", "\"2" + "0".repeat(2000) + "\",5", "3,7");
        String message = "adequacy_test.csv: line 3: the record is longer than 1000 bytes, the limit for one case "
                + "(CaseLimits.maxCaseBytes; pass CaseLimits with a larger maxCaseBytes to read it)";
        assertThatThrownBy(() -> CaseReader.scan(file, "adequacy_test.csv", Models.linear(),
                CaseLimits.DEFAULT.withMaxCaseBytes(1000)))
                .isInstanceOf(InvalidBundleException.class).hasMessage(message);
    }

    /**
     * A 64 GiB line (a sparse file: no disk used) is refused at the limit in well under the time it would take to
     * read it: the reader stops at the limit instead of reading or buffering the line whole.
     */
    @Test
    void scanAndStream_stopReadingAnOverLongLineAtTheLimit() throws IOException {
        for (String name : List.of("cases.jsonl", "adequacy_test.csv")) {
            Path file = tmp.resolve("huge-" + name);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(64L << 30);
            } catch (IOException e) {
                assumeTrue(false, "no sparse files here: " + e);
            }
            String what = name.endsWith(".csv") ? "record" : "line";
            CaseLimits limits = CaseLimits.DEFAULT.withMaxCaseBytes(1 << 20);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertThatThrownBy(() -> CaseReader.scan(file, name, Models.linear(), limits))
                        .isInstanceOf(InvalidBundleException.class)
                        .hasMessageStartingWith(name + ": line 1: the " + what + " is longer than 1048576 bytes");
                try (CaseStream cases = CaseReader.stream(file, name, Models.linear(), limits)) {
                    assertThatThrownBy(cases::hasNext).isInstanceOf(InvalidBundleException.class)
                            .hasMessageContaining("CaseLimits.maxCaseBytes");
                }
            });
            Files.delete(file);
        }
    }

    @Test
    void limits_areCheckedAndRaisedWithWithers() {
        assertThat(CaseLimits.DEFAULT).isEqualTo(new CaseLimits(100_000, 16 << 20));
        assertThat(CaseLimits.DEFAULT.withMaxCases(5)).isEqualTo(new CaseLimits(5, 16 << 20));
        assertThat(CaseLimits.DEFAULT.withMaxCaseBytes(7)).isEqualTo(new CaseLimits(100_000, 7));
        assertThatThrownBy(() -> new CaseLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCases: 0 must be at least 1");
        assertThatThrownBy(() -> CaseLimits.DEFAULT.withMaxCaseBytes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCaseBytes: -1 must be at least 1");
    }
}
