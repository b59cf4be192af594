// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.testkit.console.ChildJvm;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a case file's size must not decide the heap a reader needs. A 7.8 MB {@code cases.jsonl} needed more than
 * 256 MB; a 200 MiB CSV exhausted 6 GB. Here a JVM with a 64 MB heap scans and streams 50 MB files.
 */
class CaseMemoryBoundTest {
    private static final long TARGET = 50L << 20;

    @TempDir
    Path tmp;

    @Test
    void scanAndStream_read50MbJsonlAndCsvFilesInA64MbHeap() throws Exception {
        Path jsonl = tmp.resolve("cases.jsonl");
        long cases = writeJsonl(jsonl);
        Path csv = tmp.resolve("adequacy_test.csv");
        long rows = writeCsv(csv);
        assertThat(Files.size(jsonl)).isGreaterThanOrEqualTo(TARGET);
        assertThat(Files.size(csv)).isGreaterThanOrEqualTo(TARGET);
        // One child for both files: the JIT warms up once.
        ChildJvm.Result r = ChildJvm.run(CaseMemoryProbe.class, List.of("-Xmx64m", "-XX:+UseSerialGC"),
                entry -> true, jsonl.toString(), csv.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout().lines()).as(r.describe()).containsExactly(cases + " " + cases, rows + " " + rows);
    }

    private static long writeJsonl(Path file) throws IOException {
        long cases = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            while (Files.size(file) < TARGET || cases == 0) {
                for (int k = 0; k < 1000; k++, cases++) {
                    line.setLength(0);
                    line.append("{\"id\": \"case ").append(cases).append("\", \"inputs\": {\"x\": ")
                            .append(tensor(cases, 1)).append("}, \"expected\": {\"y\": ")
                            .append(tensor(cases, 2)).append("}}\n");
                    w.write(line.toString());
                }
                w.flush();
            }
        }
        return cases;
    }

    private static long writeCsv(Path file) throws IOException {
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                line.append("x[").append(i).append("],");
            }
            w.write(line.append("y\n").toString());
            while (Files.size(file) < TARGET) {
                for (int k = 0; k < 1000; k++, rows++) {
                    line.setLength(0);
                    for (int i = 0; i < 16; i++) {
                        line.append(i).append('.').append(String.valueOf(1000 + rows % 1000), 1, 4).append(',');
                    }
                    line.append(rows % 7).append('\n');
                    w.write(line.toString());
                }
                w.flush();
            }
        }
        return rows;
    }

    private static String tensor(long n, int scale) {
        StringBuilder sb = new StringBuilder("{\"dtype\": \"float32\", \"shape\": [8, 1], \"data\": [");
        for (int i = 0; i < 8; i++) {
            sb.append(i == 0 ? "" : ", ").append((n % 1000 + i) * scale * 0.25);
        }
        return sb.append("]}").toString();
    }
}
