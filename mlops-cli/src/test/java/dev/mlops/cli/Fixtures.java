package dev.mlops.cli;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.metadata.Metadata;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Bundle directories for CLI tests, built in code. */
final class Fixtures {
    private Fixtures() {
    }

    /** The Y = 2X + 1 bundle, unpacked: model.onnx, metadata.json, adequacy_test.csv. */
    static Path linearBundle(Path dir) throws IOException {
        Files.createDirectories(dir);
        TestModels.linear().write(dir.resolve("model.onnx"));
        var meta = TestModels.linear().metadata("linear", "1.0.0")
                .adequacy(new AdequacySpec("adequacy_test.csv", new Tolerance(1e-6, 0), Map.of()))
                .build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,3\n3.5,8\n");
        return dir;
    }
}
