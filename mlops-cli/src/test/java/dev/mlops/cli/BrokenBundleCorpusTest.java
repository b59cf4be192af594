// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8: {@code mlops validate} and {@code mlops verify} on every kind of broken bundle exit 2 (or 1 for a case
 * that fails) with a message naming the culprit, never 70 (an internal error) and never a stack trace.
 */
class BrokenBundleCorpusTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Breaks a bundle under a fresh directory and returns the path to give the CLI. */
    @FunctionalInterface
    interface Breaker {
        Path build(Path dir) throws IOException;
    }

    /**
     * One kind of broken bundle.
     *
     * @param kind what is broken
     * @param breaker builds it
     * @param validate the exit code validate must give
     * @param verify the exit code verify must give
     * @param culprit what both messages must name
     */
    record Broken(String kind, Breaker breaker, int validate, int verify, String culprit) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Broken> corpus() {
        return Stream.of(
                invalid("missing model", d -> {
                    Files.delete(packed(d).resolve("model.onnx"));
                    return d;
                }, "model.onnx"),
                invalid("tampered model", d -> {
                    Files.writeString(packed(d).resolve("model.onnx"), "tampered");
                    return d;
                }, "model.onnx"),
                invalid("unlisted file", d -> {
                    Files.writeString(packed(d).resolve("extra.txt"), "smuggled");
                    return d;
                }, "extra.txt"),
                invalid("malformed manifest.json", d -> {
                    Files.writeString(packed(d).resolve("manifest.json"), "{\"manifestVersion\": \"1\", \"files\": [");
                    return d;
                }, "manifest.json"),
                invalid("manifest listing a file twice", d -> editManifest(packed(d),
                        m -> m.replace("\"files\": [", "\"files\": [" + firstEntry(m) + ",")), "manifest.json"),
                invalid("newer manifestVersion", d -> editManifest(packed(d),
                        m -> m.replace("\"manifestVersion\": \"1\"", "\"manifestVersion\": \"2\"")), "manifestVersion"),
                invalid("manifest.json missing from a zip", d -> {
                    Path zip = zip(packed(d), d.resolveSibling(d.getFileName() + ".zip"));
                    return rezip(zip, name -> !name.equals("manifest.json"));
                }, "manifest.json"),
                invalid("malformed metadata.json", d -> {
                    Files.writeString(Fixtures.linearBundle(d).resolve("metadata.json"), "{\"name\": ");
                    return pack(d);
                }, "metadata.json"),
                invalid("metadata.json missing", d -> {
                    Files.delete(Fixtures.linearBundle(d).resolve("metadata.json"));
                    return pack(d);
                }, "metadata.json"),
                invalid("newer metadata major", d -> editMetadata(Fixtures.linearBundle(d),
                        m -> m.replaceFirst("\"schemaVersion\" : \"[0-9.]+\"", "\"schemaVersion\" : \"99.0\"")),
                        "99.0"),
                invalid("metadata breaking a rule", d -> editMetadata(Fixtures.linearBundle(d),
                        m -> m.replaceFirst("\"shape\" : \\[ -1, 1 ]", "\"shape\" : [ -3, 1 ]")),
                        "inputs[0].shape[0]"),
                invalid("graph/metadata mismatch", d -> editMetadata(Fixtures.linearBundle(d),
                        m -> m.replace("\"dtype\" : \"float32\"", "\"dtype\" : \"float64\"")), "input 'x'"),
                invalid("model that ONNX Runtime cannot read", d -> {
                    Fixtures.linearBundle(d);
                    TestModels.corrupt().write(d.resolve("model.onnx"));
                    return pack(d);
                }, "model.onnx"),
                invalid("missing cases file", d -> {
                    Files.delete(Fixtures.linearBundle(d).resolve("adequacy_test.csv"));
                    return pack(d);
                }, "adequacy_test.csv"),
                invalid("malformed csv cases", d -> {
                    Files.writeString(Fixtures.linearBundle(d).resolve("adequacy_test.csv"), "x,y\n0,one\n");
                    return pack(d);
                }, "adequacy_test.csv"),
                invalid("malformed jsonl cases", d -> {
                    Files.writeString(jsonl(d).resolve("adequacy/cases.jsonl"), "{\"id\": \"a\", \"inputs\": \n");
                    return pack(d);
                }, "cases.jsonl"),
                invalid("jsonl case of the wrong dtype", d -> {
                    Files.writeString(jsonl(d).resolve("adequacy/cases.jsonl"), "{\"id\": \"a\", \"inputs\": {\"x\": "
                            + "{\"dtype\": \"int64\", \"shape\": [1, 1], \"data\": [1]}}, \"expected\": {\"y\": "
                            + "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3]}}}\n");
                    return pack(d);
                }, "cases.jsonl"),
                invalid("jsonl case with a binary-garbage line", d -> {
                    Files.write(jsonl(d).resolve("adequacy/cases.jsonl"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1,
                        '\n'});
                    return pack(d);
                }, "cases.jsonl"),
                invalid("a zip with a ../ entry", d -> {
                    Path zip = zip(packed(d), d.resolveSibling(d.getFileName() + ".zip"));
                    return rezip(zip, name -> true, "../../evil.sh");
                }, "../../evil.sh"),
                invalid("a symbolic link inside", d -> {
                    packed(d);
                    Path outside = Files.writeString(d.resolveSibling("outside.csv"), "x,y\n0,1\n1,3\n3.5,8\n");
                    Files.delete(d.resolve("adequacy_test.csv"));
                    Files.createSymbolicLink(d.resolve("adequacy_test.csv"), outside);
                    return d;
                }, "adequacy_test.csv"),
                invalid("an empty zip", d -> {
                    Path zip = d.resolveSibling(d.getFileName() + ".zip");
                    try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
                        z.finish();
                    }
                    return zip;
                }, ".zip"),
                invalid("a file that is not a zip", d -> Files.writeString(d.resolveSibling(d.getFileName() + ".zip"),
                        "not a zip at all"), ".zip"),
                invalid("an empty directory", Files::createDirectories, "manifest.json"),
                new Broken("a case that fails", d -> {
                    Files.writeString(Fixtures.linearBundle(d).resolve("adequacy_test.csv"), "x,y\n0,1\n1,3.5\n");
                    return pack(d);
                }, ExitCodes.OK, ExitCodes.FAILED, "row 2"));
    }

    static Broken invalid(String kind, Breaker breaker, String culprit) {
        return new Broken(kind, breaker, ExitCodes.INVALID, ExitCodes.INVALID, culprit);
    }

    static Path packed(Path dir) throws IOException {
        return pack(Fixtures.linearBundle(dir));
    }

    static Path pack(Path dir) {
        Bundles.pack(dir);
        return dir;
    }

    static Path jsonl(Path dir) throws IOException {
        return Fixtures.packedBundle(dir, TestModels.linear(), b -> b);
    }

    static Path zip(Path dir, Path zip) {
        Bundles.pack(dir, zip);
        return zip;
    }

    static Path editManifest(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path manifest = dir.resolve("manifest.json");
        String before = Files.readString(manifest);
        String after = edit.apply(before);
        assertThat(after).as("the edit applies").isNotEqualTo(before);
        Files.writeString(manifest, after);
        return dir;
    }

    static Path editMetadata(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path metadata = dir.resolve("metadata.json");
        String before = Files.readString(metadata);
        String after = edit.apply(before);
        assertThat(after).as("the edit applies").isNotEqualTo(before);
        Files.writeString(metadata, after);
        return pack(dir);
    }

    static String firstEntry(String manifest) {
        int from = manifest.indexOf('{', manifest.indexOf("\"files\""));
        return manifest.substring(from, manifest.indexOf('}', from) + 1);
    }

    /** Rewrites a zip keeping the entries {@code keep} accepts, then adds empty entries with the extra names. */
    static Path rezip(Path zip, java.util.function.Predicate<String> keep, String... extra) throws IOException {
        Path out = zip.resolveSibling("re-" + zip.getFileName());
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(zip.toFile());
                OutputStream os = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (keep.test(e.getName())) {
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(in.getInputStream(e).readAllBytes());
                    z.closeEntry();
                }
            }
            for (String name : extra) {
                z.putNextEntry(new ZipEntry(name));
                z.write("echo pwned".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void validate_exits2NamingTheCulpritNever70(Broken broken) throws IOException {
        check(broken, "validate", broken.validate());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void verify_exits2Or1NamingTheCulpritNever70(Broken broken) throws IOException {
        check(broken, "verify", broken.verify());
    }

    void check(Broken broken, String verb, int expected) throws IOException {
        Path bundle = broken.breaker().build(tmp.resolve("bundle"));
        Cli r = Cli.run(verb, bundle.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(expected);
        assertThat(r.err()).as("%s", r).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("    at ");
        if (expected != ExitCodes.OK) {
            assertThat(r.out() + r.err()).as("%s", r).contains(broken.culprit());
        }
        Cli json = Cli.run(verb, bundle.toString(), "--json");
        assertThat(json.code()).as("%s", json).isEqualTo(expected);
        JsonNode report = JSON.readTree(json.out());
        assertThat(report.get("exitCode").asInt()).isEqualTo(expected);
    }

    @Test
    void manifestSizeOverflowingALong_isAnInvalidBundleNamingManifestJson() throws IOException {
        Path dir = editManifest(packed(tmp.resolve("bundle")), m -> m.replaceFirst("\"size\": [0-9]+",
                "\"size\": 99999999999999999999"));
        for (String verb : new String[] {"validate", "verify"}) {
            Cli r = Cli.run(verb, dir.toString());
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).as("%s", r).contains("manifest.json").contains("size").doesNotContain("internal");
        }
    }

    @Test
    void casesFileWithNoCases_isAnInvalidBundleNamingTheFile() throws IOException {
        Path dir = jsonl(tmp.resolve("bundle"));
        Files.writeString(dir.resolve("adequacy/cases.jsonl"), "");
        pack(dir);
        for (String verb : new String[] {"validate", "verify"}) {
            Cli r = Cli.run(verb, dir.toString());
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).as("%s", r).contains("cases.jsonl");
        }
    }

    @Test
    void caseLessBundle_isRefusedAlikeByValidateAndVerifyNamingAdequacy() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("bundle"));
        Files.delete(dir.resolve("adequacy_test.csv"));
        Files.writeString(dir.resolve("metadata.json"), dev.mlops.metadata.Metadata.toJson(
                TestModels.linear().metadata("linear", "1.0.0").build()));
        pack(dir);
        for (String verb : new String[] {"verify", "validate"}) {
            Cli r = Cli.run(verb, dir.toString());
            assertThat(r.code()).as("%s", r).isEqualTo(ExitCodes.INVALID);
            assertThat(r.err()).as("%s", r).contains("adequacy");
        }
    }
}
