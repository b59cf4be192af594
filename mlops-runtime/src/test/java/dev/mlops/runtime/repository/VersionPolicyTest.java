// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionPolicyTest {
    @TempDir
    Path tmp;

    private Path root;
    private long sessionsBefore;

    @BeforeEach
    void repository() throws IOException {
        sessionsBefore = ModelRuntime.openSessions();
        root = Files.createDirectories(tmp.resolve("models"));
        RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        RepoBundles.bundle(root.resolve("weather/1.1.0"), "weather", "1.1.0");
        RepoBundles.zip(tmp, root.resolve("weather/1.10.0.zip"), "weather", "1.10.0");
        RepoBundles.bundle(root.resolve("air/1.0.0"), "air", "1.0.0");
    }

    @AfterEach
    void noSessionLeft() {
        assertThat(ModelRuntime.openSessions()).as("native sessions left open").isEqualTo(sessionsBefore);
    }

    private static List<String> versions(List<RepositoryEntry> entries) {
        return entries.stream().map(e -> e.version().toString()).toList();
    }

    @Test
    void select_appliesEachListingPolicyNewestFirstComparingVersionsNumerically() {
        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(versions(repo.select("weather", VersionPolicy.latest()))).containsExactly("1.10.0");
            assertThat(versions(repo.select("weather", VersionPolicy.latest(2)))).containsExactly("1.10.0", "1.1.0");
            assertThat(versions(repo.select("weather", VersionPolicy.all())))
                    .containsExactly("1.10.0", "1.1.0", "1.0.0");
            assertThat(versions(repo.select("weather",
                    VersionPolicy.pinned(ModelVersion.parse("1.0.0"), ModelVersion.parse("1.10.0")))))
                    .containsExactly("1.10.0", "1.0.0");
            assertThat(versions(repo.select("weather", VersionPolicy.latestPassingAdequacy())))
                    .containsExactly("1.10.0", "1.1.0", "1.0.0");
            assertThat(repo.select("nothing", VersionPolicy.latest())).isEmpty();
        }
    }

    @Test
    void policies_rejectEmptyPinsAndCountsBelowOne() {
        assertThatThrownBy(VersionPolicy::pinned).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versions");
        assertThatThrownBy(() -> VersionPolicy.latest(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count: 0");
    }

    @Test
    void load_opensTheChosenVersionsAndTheirSessionsCloseWithTheRuntime() {
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            List<RuntimeModel> models = repo.load("weather", VersionPolicy.latest(2), runtime);
            assertThat(models).extracting(m -> m.metadata().version().toString()).containsExactly("1.10.0", "1.1.0");
            assertThat(models.get(0).predict(new float[][] {{1f}})[0][0]).isEqualTo(3f);
            models.forEach(RuntimeModel::close);
        }
    }

    @Test
    void load_pinnedVersionNotListed_failsSayingWhyItWasSkipped() throws IOException {
        Path partial = root.resolve("weather/2.0.0");
        RepoBundles.copy(RepoBundles.bundle(tmp.resolve("src"), "weather", "2.0.0"), partial, "manifest.json");
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            assertThatThrownBy(() -> repo.load("weather",
                    VersionPolicy.pinned(ModelVersion.parse("1.0.0"), ModelVersion.parse("2.0.0"),
                            ModelVersion.parse("3.0.0")), runtime))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("weather has no listed version 2.0.0 (skipped: IntegrityException:")
                    .hasMessageContaining("3.0.0 (not in the repository)");
        }
    }

    @Test
    void load_unknownModel_failsNamingTheRepository() {
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            assertThatThrownBy(() -> repo.load("nothing", VersionPolicy.latest(), runtime))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessage("model repository " + repo.root() + ": no complete version of nothing");
        }
    }

    @Test
    void latestPassingAdequacy_skipsANewestVersionThatFailsItsGate() {
        RepoBundles.bundle(root.resolve("weather/2.0.0"), "weather", "2.0.0", UnaryOperator.identity(), true);
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            long opened = ModelRuntime.openSessions();
            List<RuntimeModel> models = repo.load("weather", VersionPolicy.latestPassingAdequacy(), runtime);
            assertThat(models).singleElement().satisfies(m -> {
                assertThat(m.metadata().version()).isEqualTo(ModelVersion.parse("1.10.0"));
                assertThat(m.predict(new float[][] {{2f}})[0][0]).isEqualTo(5f);
            });
            assertThat(ModelRuntime.openSessions()).as("only the passing version holds a session")
                    .isEqualTo(opened + 1);
            models.forEach(RuntimeModel::close);
        }
    }

    @Test
    void latestPassingAdequacy_whenNoneOpens_listsEveryCandidateAndWhy() throws IOException {
        Path only = Files.createDirectories(tmp.resolve("only"));
        RepoBundles.bundle(only.resolve("bad/1.0.0"), "bad", "1.0.0", UnaryOperator.identity(), true);
        RepoBundles.bundle(only.resolve("bad/1.1.0"), "bad", "1.1.0", UnaryOperator.identity(), true);
        try (ModelRepository repo = ModelRepository.of(only);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            assertThatThrownBy(() -> repo.load("bad", VersionPolicy.latestPassingAdequacy(), runtime))
                    .isInstanceOf(RepositoryException.class)
                    .hasMessageContaining("no version of bad passes adequacy: 1.1.0: AdequacyFailureException")
                    .hasMessageContaining("; 1.0.0: AdequacyFailureException");
        }
    }

    @Test
    void loadAll_whenOneVersionFailsItsGate_closesThoseAlreadyOpenedAndThrows() {
        RepoBundles.bundle(root.resolve("weather/0.9.0"), "weather", "0.9.0", UnaryOperator.identity(), true);
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            assertThatThrownBy(() -> repo.load("weather", VersionPolicy.all(), runtime))
                    .isInstanceOf(AdequacyFailureException.class);
        }
    }

    @Test
    void load_versionChangedSinceListed_isRefusedNamingBothDeliveries() throws IOException {
        try (ModelRepository repo = ModelRepository.of(root);
                ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
            Path v = root.resolve("weather/1.1.0");
            Files.writeString(v.resolve("notes.txt"), "added after listing");
            dev.mlops.metadata.bundle.Bundles.pack(v);
            assertThatThrownBy(() -> repo.load("weather", VersionPolicy.pinned(ModelVersion.parse("1.1.0")), runtime))
                    .isInstanceOf(RepositoryException.class).hasMessageContaining("changed since it was listed");
        }
    }
}
