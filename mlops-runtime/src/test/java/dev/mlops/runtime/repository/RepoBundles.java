// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Real bundles of the linear test model, written with the public API only (model, cases, metadata, manifest). */
final class RepoBundles {
    private RepoBundles() {
    }

    /** A packed bundle directory of {@code y = 2x + 1} whose metadata names {@code name} and {@code version}. */
    static Path bundle(Path dir, String name, String version) {
        return bundle(dir, name, version, UnaryOperator.identity(), false);
    }

    /**
     * A packed bundle directory.
     *
     * @param meta completes the metadata (a build id, another name)
     * @param failsAdequacy when true, the graph computes {@code 3x + 1} while the cases expect {@code 2x + 1}
     */
    static Path bundle(Path dir, String name, String version, UnaryOperator<ModelMetadata.Builder> meta,
            boolean failsAdequacy) {
        TestModel expected = TestModels.linear();
        TestModel graph = failsAdequacy ? TestModels.linear(3f, 1f, 1) : expected;
        try {
            Files.createDirectories(dir);
            graph.write(dir.resolve("model.onnx"));
            Map<String, dev.mlops.api.tensor.Tensor> in = expected.sampleInputs();
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("case 0", in, expected.reference(in))));
            ModelMetadata m = meta.apply(expected.metadata(name, version))
                    .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build();
            Files.writeString(dir.resolve(Metadata.FILE_NAME), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip of a bundle built under {@code scratch}, written to {@code zip}; returns its bytes. */
    static byte[] zip(Path scratch, Path zip, String name, String version) {
        Path dir = bundle(scratch.resolve(name + "-" + version + "-src"), name, version);
        Bundles.pack(dir, zip);
        try {
            return Files.readAllBytes(zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a bundle directory's files, but those named in {@code except} (bundle-relative paths). */
    static void copy(Path from, Path to, String... except) {
        List<String> skip = List.of(except);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String rel = from.relativize(f).toString().replace('\\', '/');
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!skip.contains(rel)) {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
