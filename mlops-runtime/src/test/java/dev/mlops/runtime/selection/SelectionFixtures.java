// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.version.SchemaVersion;
import java.nio.file.Path;

/** Metadata of the seeds' weather models, built with the public builder: schema 1.1, no statistics. */
final class SelectionFixtures {
    private SelectionFixtures() {
    }

    /** A weather model of schema 1.1 with one input and one output; the caller adds capabilities and metrics. */
    static ModelMetadata.Builder weather(String version) {
        return model("weather", version);
    }

    static ModelMetadata.Builder model(String name, String version) {
        return ModelMetadata.builder(name, version)
                .schemaVersion(SchemaVersion.parse("1.1"))
                .input(TensorSpec.of("features", DataType.FLOAT32, -1, 3))
                .output(TensorSpec.of("temperature", DataType.FLOAT32, -1, 1));
    }

    /** A candidate whose delivery id is derived from its name and version, as a repository would list it. */
    static Candidate candidate(ModelMetadata.Builder meta) {
        ModelMetadata m = meta.build();
        return Candidate.of(m, deliveryId(m.name() + "-" + m.version()), Path.of("models", m.name(),
                m.version().toString()));
    }

    /** A well-formed {@code sha256:} delivery id, distinct per seed text. */
    static String deliveryId(String seed) {
        String hex = Integer.toHexString(seed.hashCode() & 0x7fffffff);
        return "sha256:" + "0".repeat(64 - hex.length()) + hex;
    }
}
