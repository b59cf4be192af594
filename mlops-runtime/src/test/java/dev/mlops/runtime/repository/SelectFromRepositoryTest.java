// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Metric;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.selection.NoMatchingModelException;
import dev.mlops.runtime.selection.Query;
import dev.mlops.runtime.selection.Ranking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seeds' find_best_model over real bundles: a repository lists them, a query picks one, the runtime opens it. */
class SelectFromRepositoryTest {
    @TempDir
    Path tmp;

    private static Metric accuracy(double value, String area) {
        return new Metric("accuracy", value, Optional.of("weather-2025"), Optional.of("test"), Map.of("area", area));
    }

    @Test
    void query_overRepositoryEntries_picksTheBestModelForHebronAndTheRuntimeOpensIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("models"));
        RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0",
                m -> m.capability("area", "Jerusalem", "Beit-Shemesh").metric(accuracy(0.9, "Jerusalem")), false);
        RepoBundles.bundle(root.resolve("weather/1.1.0"), "weather", "1.1.0",
                m -> m.capability("area", "Jerusalem", "Hebron").metric(accuracy(0.8, "Hebron")), false);
        RepoBundles.bundle(root.resolve("weather/1.2.0"), "weather", "1.2.0",
                m -> m.capability("area", "Hebron").metric(accuracy(0.7, "Hebron")), false);

        Query hebron = Query.newBuilder().capability("area", "Hebron")
                .rank(Ranking.maximize("accuracy").onDataset("weather-2025").onSlice("area", "Hebron")).build();
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build()) {
            RepositoryEntry best = hebron.select(repo.entries());
            assertThat(best.version()).hasToString("1.1.0");
            try (RuntimeModel model = runtime.open(best.location())) {
                assertThat(model.deliveryId()).isEqualTo(best.deliveryId());
                assertThat(model.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
            }
            Query haifa = Query.newBuilder().capability("area", "Haifa").build();
            assertThatThrownBy(() -> haifa.select(repo.entries())).isInstanceOf(NoMatchingModelException.class)
                    .hasMessageContaining("weather 1.0.0: area is [Jerusalem, Beit-Shemesh], not Haifa")
                    .hasMessageContaining("weather 1.2.0: area is [Hebron], not Haifa");
        }
    }
}
