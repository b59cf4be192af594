// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every source file and script of the repository starts with its SPDX licence line (after a shebang or
 * {@code @echo off}), so that a file copied out of the project still says under which licence it may be used.
 */
class LicenceHeaderTest {
    static final String SPDX = "SPDX-License-Identifier: Apache-2.0";

    static boolean isSource(Path p) {
        String rel = RepositoryDocs.ROOT.relativize(p).toString().replace('\\', '/');
        if (rel.contains("/target/") || rel.startsWith(".git/") || rel.contains("node_modules/")) {
            return false;
        }
        String name = p.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".sh") || name.endsWith(".cmd")
                || rel.equals("bin/mlops") || rel.equals(".ci/run");
    }

    static boolean hasHeader(Path p) {
        try {
            List<String> head = Files.readAllLines(p, StandardCharsets.UTF_8).stream().limit(3).toList();
            return head.stream().anyMatch(l -> l.contains(SPDX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everySourceFileAndScriptStartsWithItsSpdxLine() throws IOException {
        List<String> missing;
        List<Path> checked;
        try (Stream<Path> files = Files.walk(RepositoryDocs.ROOT)) {
            checked = files.filter(Files::isRegularFile).filter(LicenceHeaderTest::isSource).toList();
        }
        missing = checked.stream().filter(p -> !hasHeader(p))
                .map(p -> RepositoryDocs.ROOT.relativize(p).toString()).sorted().toList();
        assertThat(checked).as("source files found").hasSizeGreaterThan(300);
        assertThat(missing).as("files without '%s' in their first three lines", SPDX).isEmpty();
    }
}
