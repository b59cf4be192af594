// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.nio.file.Path;

/**
 * Run by {@link CaseMemoryBoundTest} in a child JVM with a small heap: scans, then streams, case files and prints
 * {@code scanned streamed} for each.
 */
public final class CaseMemoryProbe {
    private CaseMemoryProbe() {
    }

    /** The model of the JSONL file: {@code x} and {@code y}, {@code [-1, 1]}. */
    static ModelMetadata jsonlModel() {
        return Models.linear();
    }

    /** The model of the CSV file: 16 features in, one value out. */
    static ModelMetadata csvModel() {
        return ModelMetadata.builder("wide", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 16))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .build();
    }

    /**
     * Scans and streams files, printing {@code scanned streamed} for each on a line.
     *
     * @param args the files
     */
    public static void main(String[] args) {
        for (String arg : args) {
            probe(Path.of(arg));
        }
    }

    private static void probe(Path file) {
        String name = file.getFileName().toString();
        ModelMetadata meta = name.endsWith(".csv") ? csvModel() : jsonlModel();
        CaseLimits limits = CaseLimits.DEFAULT.withMaxCases(10_000_000);
        CaseSummary summary = CaseReader.scan(file, name, meta, limits);
        int streamed = 0;
        try (CaseStream cases = CaseReader.stream(file, name, meta, limits)) {
            while (cases.hasNext()) {
                cases.next();
                streamed++;
            }
        }
        System.out.println(summary.cases() + " " + streamed);
    }
}
