// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The manifest format, the pinned delivery id and strict parsing (RELIABILITY.md case 16). */
class ManifestTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path tmp;

    private static InvalidMetadataException invalid(String json) {
        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class,
                () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("expected the manifest to be refused").isNotNull();
        assertThat(e.file()).contains("manifest.json");
        return e;
    }

    private static String doc(String files, String deliveryId) {
        return "{\"manifestVersion\": \"1\", \"files\": [" + files + "], \"deliveryId\": \"" + deliveryId + "\"}";
    }

    @Test
    void deliveryId_isSha256OfCanonicalFileList() throws Exception {
        Manifest m = Manifest.of(List.of(new ManifestEntry("model.onnx", A, 123), new ManifestEntry("a/b.txt", B, 0)));
        String canonical = "a/b.txt\t" + B + "\t0\n" + "model.onnx\t" + A + "\t123\n";
        String expected = "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.deliveryId()).isEqualTo(expected);
        assertThat(Manifest.of(List.of()).deliveryId())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void deliveryId_isIndependentOfListingOrder() {
        List<ManifestEntry> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            files.add(new ManifestEntry("dir" + (i % 3) + "/f" + i, Integer.toHexString(i).repeat(64).substring(0, 64), i));
        }
        Manifest first = Manifest.of(files);
        Random random = new Random(7);
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(files, random);
            Manifest m = Manifest.of(files);
            assertThat(m).isEqualTo(first);
            assertThat(m.toJson()).isEqualTo(first.toJson());
        }
    }

    @Test
    void canonicalOrder_isUtf8ByteOrder() {
        List<String> paths = new ArrayList<>(List.of("a/b", "a.b", "a-b", "\uFFFD", "\uD83D\uDE00", "Z", "a", "\u00e9"));
        List<ManifestEntry> entries = new ArrayList<>();
        for (String p : paths) {
            entries.add(new ManifestEntry(p, A, 1));
        }
        List<String> sorted = Manifest.of(entries).files().stream().map(ManifestEntry::path).toList();
        List<String> byBytes = new ArrayList<>(paths);
        byBytes.sort((x, y) -> java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                y.getBytes(StandardCharsets.UTF_8)));
        assertThat(sorted).isEqualTo(byBytes);
        // String.compareTo would put the emoji (a surrogate pair) before U+FFFD.
        assertThat(sorted.indexOf("\uFFFD")).isLessThan(sorted.indexOf("\uD83D\uDE00"));
    }

    @Test
    void deliveryId_isIndependentOfCreationOrder() throws IOException {
        Path one = Files.createDirectories(tmp.resolve("one"));
        Path two = Files.createDirectories(tmp.resolve("two"));
        List<String> names = List.of("model.onnx", "metadata.json", "sub/z.bin", "sub/a.bin", "b.txt");
        for (String n : names) {
            Fixtures.write(one.resolve(n), "content of " + n);
        }
        List<String> reversed = new ArrayList<>(names);
        Collections.reverse(reversed);
        for (String n : reversed) {
            Fixtures.write(two.resolve(n), "content of " + n);
        }
        assertThat(Bundles.pack(two).deliveryId()).isEqualTo(Bundles.pack(one).deliveryId());
    }

    @Test
    void deliveryId_changesWhenAnySingleByteFlips() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        String original = Bundles.pack(dir).deliveryId();
        List<String> files = List.of("metadata.json", "model.onnx", "adequacy/cases.jsonl", "vocab.txt");
        Random random = new Random(42);
        for (int round = 0; round < 24; round++) {
            Path file = dir.resolve(files.get(round % files.size()));
            byte[] bytes = Files.readAllBytes(file);
            int pos = random.nextInt(bytes.length);
            byte mask = (byte) (1 << random.nextInt(8));
            bytes[pos] ^= mask;
            Files.write(file, bytes);
            assertThat(Bundles.pack(dir).deliveryId()).as("flip bit of byte %d of %s", pos, file).isNotEqualTo(original);
            bytes[pos] ^= mask;
            Files.write(file, bytes);
        }
        assertThat(Bundles.pack(dir).deliveryId()).isEqualTo(original);
    }

    @Test
    void toJson_isPinnedAndRoundTrips() {
        Manifest m = Manifest.of(List.of(new ManifestEntry("model.onnx", A, 123), new ManifestEntry("a \"q\".txt", B, 0)));
        assertThat(m.toJson()).isEqualTo("{\n"
                + "  \"manifestVersion\": \"1\",\n"
                + "  \"files\": [\n"
                + "    {\"path\": \"a \\\"q\\\".txt\", \"sha256\": \"" + B + "\", \"size\": 0},\n"
                + "    {\"path\": \"model.onnx\", \"sha256\": \"" + A + "\", \"size\": 123}\n"
                + "  ],\n"
                + "  \"deliveryId\": \"" + m.deliveryId() + "\"\n"
                + "}\n");
        assertThat(Manifest.parse(m.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
        Manifest empty = Manifest.of(List.of());
        assertThat(Manifest.parse(empty.toJson().getBytes(StandardCharsets.UTF_8))).isEqualTo(empty);
    }

    @Test
    void read_readsFileWrittenByPack() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Manifest m = Bundles.pack(dir);
        assertThat(Manifest.read(dir.resolve("manifest.json"))).isEqualTo(m);
        assertThat(m.entry("vocab.txt")).map(ManifestEntry::size).contains(11L);
        assertThat(m.entry("nope")).isEmpty();
        assertThat(m.totalSize()).isEqualTo(Files.size(dir.resolve("model.onnx")) + 11 + 12
                + Files.size(dir.resolve("metadata.json")));
    }

    @Test
    void parse_rejectsUnknownKeys() {
        String id = Manifest.of(List.of(new ManifestEntry("m", A, 1))).deliveryId();
        InvalidMetadataException e = invalid("{\"manifestVersion\": \"1\", \"files\": [{\"path\": \"m\", \"sha256\": \""
                + A + "\", \"size\": 1, \"mode\": 420}], \"deliveryId\": \"" + id + "\", \"signedBy\": \"me\"}");
        assertThat(e.violations()).containsExactly(
                new Violation("signedBy", "unknown field (allowed: deliveryId, files, manifestVersion)"),
                new Violation("files[0].mode", "unknown field (allowed: path, sha256, size)"));
    }

    @Test
    void parse_rejectsDuplicateKeys() {
        String id = Manifest.of(List.of(new ManifestEntry("m", A, 1))).deliveryId();
        InvalidMetadataException e = invalid(doc("{\"path\": \"m\", \"sha256\": \"" + A + "\", \"sha256\": \"" + B
                + "\", \"size\": 1}", id));
        assertThat(e.violations()).hasSize(1);
        assertThat(e.violations().get(0).path()).startsWith("files[0]");
        assertThat(e.getMessage()).contains("Duplicate field 'sha256'").contains("line 1, column");
    }

    @Test
    void parse_rejectsTrailingDocument() {
        String json = Manifest.of(List.of()).toJson() + "{}";
        InvalidMetadataException e = invalid(json);
        assertThat(e.getMessage()).contains("not valid JSON");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "size as string     | \"size\": \"1\"          | files[0].size   | \"1\" is not a size (an integer >= 0)",
        "size fraction      | \"size\": 1.0            | files[0].size   | 1.0 is not a size (an integer >= 0)",
        "size negative      | \"size\": -1             | files[0].size   | -1 is not a size (an integer >= 0)",
        "size huge          | \"size\": 99999999999999999999 | files[0].size | 99999999999999999999 is not a size (an integer >= 0)",
        "size null          | \"size\": null           | files[0].size   | null is not a size (an integer >= 0)",
        "hex uppercase      | \"sha256\": \"" + "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\" | files[0].sha256 | \"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\" is not 64 lower-case hexadecimal characters",
        "hex short          | \"sha256\": \"abc\"      | files[0].sha256 | \"abc\" is not 64 lower-case hexadecimal characters",
        "path dotdot        | \"path\": \"../x\"       | files[0].path   | \"../x\": path has a '..' segment (it would escape the bundle)",
        "path absolute      | \"path\": \"/etc/x\"     | files[0].path   | \"/etc/x\": absolute path (paths are relative to the bundle root)",
        "path backslash     | \"path\": \"a\\\\b\"     | files[0].path   | \"a\\\\b\": path contains a backslash (use '/' between segments)",
        "path drive         | \"path\": \"C:x\"        | files[0].path   | \"C:x\": path contains a colon (drive letter or stream name)",
        "path number        | \"path\": 7              | files[0].path   | 7 is not a string",
    })
    void parse_rejectsMalformedEntry(String what, String field, String path, String message) {
        String key = field.substring(1, field.indexOf('"', 1));
        String entry = "{" + (key.equals("path") ? field : "\"path\": \"m\"") + ", "
                + (key.equals("sha256") ? field : "\"sha256\": \"" + A + "\"") + ", "
                + (key.equals("size") ? field : "\"size\": 1") + "}";
        InvalidMetadataException e = invalid(doc(entry, "sha256:" + A));
        assertThat(e.violations()).containsExactly(new Violation(path, message));
    }

    @Test
    void parse_rejectsWrongTopLevelTypes() {
        InvalidMetadataException e = invalid("{\"manifestVersion\": 1, \"files\": {}, \"deliveryId\": \"md5:00\"}");
        assertThat(e.violations()).containsExactly(
                new Violation("manifestVersion", "1 is not a string (expected \"1\")"),
                new Violation("files", "{} is not an array of {path, sha256, size}"),
                new Violation("deliveryId", "\"md5:00\" is not a delivery id (\"sha256:\" and 64 lower-case hexadecimal "
                        + "characters)"));
        assertThat(e.getMessage()).startsWith("manifest.json: 3 problems:");
        assertThat(invalid("[]").violations()).extracting(Violation::path).containsExactly("");
        assertThat(invalid("{}").violations()).extracting(Violation::path)
                .containsExactly("manifestVersion", "files", "deliveryId");
    }

    @Test
    void parse_rejectsNewerVersionNamingBoth() {
        assertThatThrownBy(() -> Manifest.parse("{\"manifestVersion\": \"2\", \"files\": [], \"entries\": []}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("manifest.json: manifestVersion: 2 is not supported; this release reads manifestVersion "
                        + "\"1\" (upgrade mlops-java to read newer manifests)");
    }

    @Test
    void parse_rejectsDuplicatePathAndSelfListing() {
        String entry = "{\"path\": \"m\", \"sha256\": \"" + A + "\", \"size\": 1}";
        String self = "{\"path\": \"manifest.json\", \"sha256\": \"" + A + "\", \"size\": 1}";
        InvalidMetadataException e = invalid(doc(entry + ", " + entry + ", " + self, "sha256:" + A));
        assertThat(e.violations()).containsExactly(
                new Violation("files[1].path", "\"m\" is listed twice (also files[0])"),
                new Violation("files[2].path", "manifest.json must not list itself"));
    }

    @Test
    void parse_rejectsWrongDeliveryIdAsIntegrityFailure() {
        String entry = "{\"path\": \"m\", \"sha256\": \"" + A + "\", \"size\": 1}";
        assertThatThrownBy(() -> Manifest.parse(doc(entry, "sha256:" + B).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageStartingWith("manifest.json: deliveryId sha256:" + B + " does not match the listed files");
    }

    @Test
    void constructor_checksComponents() {
        assertThatThrownBy(() -> new ManifestEntry("../x", A, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> new ManifestEntry("x", "ABC", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ManifestEntry("x", A, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Manifest("1", List.of(), "sha256:" + A))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryId");
        assertThatThrownBy(() -> new Manifest("2", List.of(), Manifest.of(List.of()).deliveryId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifestVersion");
        assertThatThrownBy(() -> Manifest.of(List.of(new ManifestEntry("x", A, 1), new ManifestEntry("x", B, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("files: x is listed twice");
        assertThatThrownBy(() -> Manifest.of(List.of(new ManifestEntry("manifest.json", A, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
