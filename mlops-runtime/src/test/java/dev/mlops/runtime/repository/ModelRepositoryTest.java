// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {
    @TempDir
    Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("models"));
    }

    @Test
    void of_listsDirectoryAndZipBundlesWithTheirIdsAndMetadata() throws IOException {
        Path root = root();
        Path dir = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0",
                m -> m.buildId("weather__main__abc123__7__1"), false);
        String dirDelivery = Bundles.pack(dir).deliveryId();
        RepoBundles.zip(tmp, root.resolve("weather/1.1.0.zip"), "weather", "1.1.0");
        RepoBundles.bundle(root.resolve("air/2.0.0"), "air", "2.0.0");

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.skipped()).isEmpty();
            assertThat(repo.entries()).extracting(e -> e.name() + " " + e.version() + " " + e.form())
                    .containsExactly("air 2.0.0 DIRECTORY", "weather 1.1.0 ZIP", "weather 1.0.0 DIRECTORY");
            RepositoryEntry old = repo.find("weather", ModelVersion.parse("1.0.0")).orElseThrow();
            assertThat(old.path()).isEqualTo(dir);
            assertThat(old.deliveryId()).isEqualTo(dirDelivery);
            assertThat(old.buildId()).contains("weather__main__abc123__7__1");
            assertThat(old.metadata().name()).isEqualTo("weather");
            assertThat(repo.find("weather", ModelVersion.parse("1.1.0")).orElseThrow().buildId()).isEmpty();
            assertThat(repo.entries("weather")).extracting(e -> e.version().toString())
                    .containsExactly("1.1.0", "1.0.0");
            assertThat(repo.find("weather", ModelVersion.parse("9.0.0"))).isEmpty();
        }
    }

    @Test
    void build_rejectsARootThatIsNotADirectoryNamingIt() {
        Path missing = tmp.resolve("nowhere");
        assertThatThrownBy(() -> ModelRepository.of(missing)).isInstanceOf(RepositoryException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("not a directory");
    }

    @Test
    void halfCopiedDirectoryWithoutManifest_isSkippedThenListedOnceComplete() throws IOException {
        Path root = root();
        Path src = RepoBundles.bundle(tmp.resolve("src"), "weather", "1.0.0");
        Path target = root.resolve("weather/1.0.0");
        RepoBundles.copy(src, target, "manifest.json");

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).isEmpty();
            assertThat(repo.skipped()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo(target);
                assertThat(s.reason()).contains("manifest.json");
            });

            RepoBundles.copy(src, target);
            assertThat(repo.refresh()).extracting(RepositoryEntry::path).containsExactly(target);
            assertThat(repo.skipped()).isEmpty();
        }
    }

    @Test
    void halfCopiedDirectoryWithAShortFile_isSkippedNamingTheFileThenListedOnceComplete() throws IOException {
        Path root = root();
        Path src = RepoBundles.bundle(tmp.resolve("src"), "weather", "1.0.0");
        Path target = root.resolve("weather/1.0.0");
        RepoBundles.copy(src, target, "model.onnx");
        byte[] model = Files.readAllBytes(src.resolve("model.onnx"));
        Files.write(target.resolve("model.onnx"), Arrays.copyOf(model, model.length / 2)); // still being copied

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).isEmpty();
            assertThat(repo.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("model.onnx"));

            Files.write(target.resolve("model.onnx"), model);
            assertThat(repo.refresh()).hasSize(1);
            assertThat(repo.skipped()).isEmpty();
        }
    }

    @Test
    void truncatedZip_isSkippedThenListedOnceWritten() throws IOException {
        Path root = root();
        Path zip = root.resolve("weather/1.0.0.zip");
        byte[] whole = RepoBundles.zip(tmp, zip, "weather", "1.0.0");
        Files.write(zip, Arrays.copyOf(whole, whole.length - 40)); // the central directory not written yet

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).isEmpty();
            assertThat(repo.skipped()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo(zip);
                assertThat(s.reason()).contains("not a valid zip archive");
            });

            Files.write(zip, whole);
            assertThat(repo.refresh()).extracting(RepositoryEntry::form).containsExactly(BundleForm.ZIP);
        }
    }

    @Test
    void tamperedFile_isSkippedWithAReasonNamingIt() throws IOException {
        Path root = root();
        Path dir = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).hasSize(1);

            Path cases = dir.resolve("adequacy/cases.jsonl");
            Files.writeString(cases, Files.readString(cases).replace("case 0", "case X"));
            assertThat(repo.refresh()).isEmpty();
            assertThat(repo.skipped()).singleElement().satisfies(s -> {
                assertThat(s.path()).isEqualTo(dir);
                assertThat(s.reason()).contains("IntegrityException").contains("adequacy/cases.jsonl");
            });
        }
    }

    @Test
    void metadataNamingAnotherModelOrVersion_isSkippedWithBothNamed() throws IOException {
        Path root = root();
        Path wrongVersion = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "2.0.0");
        Path wrongName = RepoBundles.bundle(root.resolve("weather/1.1.0"), "air", "1.1.0");

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).isEmpty();
            assertThat(repo.skipped()).containsExactly(
                    new SkippedBundle(wrongVersion,
                            "metadata.json names weather 2.0.0, not weather 1.0.0 as its path does"),
                    new SkippedBundle(wrongName, "metadata.json names air 1.1.0, not weather 1.1.0 as its path does"));
        }
    }

    @Test
    void pathsOutsideTheLayout_areSkippedWithTheirReasons() throws IOException {
        Path root = root();
        RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        Files.createDirectories(root.resolve("-bad/1.0.0"));
        Files.createDirectories(root.resolve("weather/1.0"));
        Files.writeString(root.resolve("README.txt"), "models");
        Files.writeString(root.resolve("weather/1.2.0.zip.part"), "partial");
        RepoBundles.zip(tmp, root.resolve("weather/1.0.0.zip"), "weather", "1.0.0");

        try (ModelRepository repo = ModelRepository.of(root)) {
            assertThat(repo.entries()).isEmpty();
            List<String> reasons = repo.skipped().stream()
                    .map(s -> root.relativize(s.path()).toString().replace('\\', '/') + ": " + s.reason()).toList();
            assertThat(reasons).hasSize(6).anySatisfy(r -> assertThat(r).startsWith("-bad: '-bad' is not a model name"))
                    .anySatisfy(r -> assertThat(r).startsWith("README.txt: not a model directory"))
                    .anySatisfy(r -> assertThat(r).startsWith("weather/1.0: '1.0' is not a model version"))
                    .anySatisfy(r -> assertThat(r).startsWith("weather/1.2.0.zip.part: neither a version directory"))
                    .anySatisfy(r -> assertThat(r).isEqualTo(
                            "weather/1.0.0: both weather/1.0.0/ and weather/1.0.0.zip exist: remove one"))
                    .anySatisfy(r -> assertThat(r).isEqualTo(
                            "weather/1.0.0.zip: both weather/1.0.0/ and weather/1.0.0.zip exist: remove one"));
        }
    }

    @Test
    void refresh_afterClose_isRefused() throws IOException {
        ModelRepository repo = ModelRepository.of(root());
        repo.close();
        repo.close();
        assertThatThrownBy(repo::refresh).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void builder_rejectsAnOptionSetTwiceAndANonPositiveInterval() throws IOException {
        ModelRepository.Builder b = ModelRepository.newBuilder(root()).watchMode(WatchMode.POLLING);
        assertThatThrownBy(() -> b.watchMode(WatchMode.POLLING)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("watchMode");
        assertThatThrownBy(() -> b.pollInterval(java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pollInterval");
    }
}
