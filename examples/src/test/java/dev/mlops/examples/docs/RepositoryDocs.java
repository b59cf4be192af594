// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The repository's Markdown files and their fenced blocks, read from the examples module's folder. */
final class RepositoryDocs {
    /** The repository root: the examples module runs its tests in {@code examples/}. */
    static final Path ROOT = root();

    private RepositoryDocs() {
    }

    private static Path root() {
        Path here = Path.of("").toAbsolutePath().normalize();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("mlops-api"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }

    /** Every {@code *.md} of the repository, build output and dependencies excluded. */
    static List<Path> markdownFiles() {
        return files(".md");
    }

    /** Every file whose name ends with {@code suffix}, outside {@code target/}, {@code node_modules/} and dot folders. */
    static List<Path> files(String suffix) {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) {
                            String name = part.toString();
                            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fenced block: its file, the line of its opening fence (from 1), its info string and its lines. */
    record Block(Path file, int line, String language, List<String> lines) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }

        String text() {
            return String.join("\n", lines);
        }
    }

    /** Every fenced block of a Markdown file, in order. */
    static List<Block> blocks(Path markdown) {
        List<String> lines = read(markdown).lines().toList();
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String open = lines.get(i).strip();
            if (!open.startsWith("```")) {
                continue;
            }
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                body.add(lines.get(i));
            }
            blocks.add(new Block(markdown, start + 1, open.substring(3).strip().toLowerCase(Locale.ROOT),
                    List.copyOf(body)));
        }
        return blocks;
    }

    /** Markdown without its fenced blocks (their lines blanked, so line numbers stay). */
    static List<String> prose(Path markdown) {
        List<String> lines = new ArrayList<>(read(markdown).lines().toList());
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean fence = lines.get(i).strip().startsWith("```");
            if (fence || fenced) {
                lines.set(i, "");
            }
            if (fence) {
                fenced = !fenced;
            }
        }
        return lines;
    }
}
