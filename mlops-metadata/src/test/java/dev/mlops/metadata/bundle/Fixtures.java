// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Small bundles written in code: no binary fixtures are committed. */
final class Fixtures {
    private Fixtures() {
    }

    /** Writes a bundle directory with a metadata file, a pseudo-model, a case file and a vocabulary. */
    static Path bundleDir(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("adequacy"));
        write(dir.resolve("metadata.json"), "{\"schemaVersion\": \"1.0\", \"name\": \"linear\"}\n");
        Files.write(dir.resolve("model.onnx"), bytes(4096, 1));
        write(dir.resolve("adequacy/cases.jsonl"), "{\"id\": \"a\"}\n");
        write(dir.resolve("vocab.txt"), "alpha\nbeta\n");
        return dir;
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Zips a directory exactly as it is (no manifest is written), for tampered-bundle tests. */
    static Path zipAsIs(Path dir, Path zip) throws IOException {
        ZipBuilder b = new ZipBuilder();
        for (String rel : list(dir)) {
            b.add(rel, Files.readAllBytes(dir.resolve(rel)));
        }
        return b.write(zip);
    }

    /** Lists a directory's regular files as sorted {@code /}-separated relative paths. */
    static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                out.add(dir.relativize(file).toString().replace('\\', '/'));
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    /** Lists every entry (files and directories) below a directory. */
    static List<Path> everything(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }
}
