// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a CLI run leaves nothing in {@code java.io.tmpdir} (ONNX Runtime used to leave an empty
 * {@code onnxruntime-java*} directory per run); its native libraries are extracted once into a per-user cache and
 * reused.
 */
class OrtNativeLibraryCacheTest {
    @TempDir
    Path tmp;

    Cli verify(Path bundle, Path tmpdir, Path cache) throws Exception {
        Files.createDirectories(tmpdir);
        return ChildJvm.run(Map.of("XDG_CACHE_HOME", cache.toString(), "HOME", tmp.resolve("home").toString()),
                List.of("-Djava.io.tmpdir=" + tmpdir, "-Duser.home=" + tmp.resolve("home")),
                "verify", bundle.toString());
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** The one platform directory of the cache, such as {@code .../onnxruntime/<fingerprint>/linux-x64}. */
    static Path platformDir(Path cache) throws IOException {
        try (Stream<Path> s = Files.walk(cache.resolve("mlops-java/onnxruntime"), 2)) {
            List<Path> dirs = s.filter(p -> p.getNameCount() - cache.getNameCount() == 4).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    @Test
    void cliRun_leavesNoOnnxRuntimeDirectoryInTmpdirAndASecondRunReusesTheCache() throws Exception {
        Path bundle = Fixtures.packedLinear(tmp.resolve("linear"));
        Path cache = tmp.resolve("cache");
        Path tmpdir = tmp.resolve("tmpdir1");
        Cli first = verify(bundle, tmpdir, cache);
        assertThat(first.code()).as("%s", first).isZero();
        assertThat(list(tmpdir)).as("java.io.tmpdir after a run").isEmpty();
        Path libs = platformDir(cache);
        Path onnxruntime = libs.resolve(System.mapLibraryName("onnxruntime"));
        assertThat(onnxruntime).isRegularFile();
        Object fileKey = Files.readAttributes(onnxruntime, BasicFileAttributes.class).fileKey();
        assertThat(list(libs.getParent())).as("no staging directory left").containsExactly(libs);

        Path tmpdir2 = tmp.resolve("tmpdir2");
        Cli second = verify(bundle, tmpdir2, cache);
        assertThat(second.code()).as("%s", second).isZero();
        assertThat(list(tmpdir2)).as("java.io.tmpdir after a second run").isEmpty();
        assertThat(platformDir(cache)).isEqualTo(libs);
        assertThat(Files.readAttributes(onnxruntime, BasicFileAttributes.class).fileKey())
                .as("the cached library is reused, not written again").isEqualTo(fileKey);
    }

    @Test
    void cliRun_replacesADamagedCacheAndStillLeavesTmpdirEmpty() throws Exception {
        Path bundle = Fixtures.packedLinear(tmp.resolve("linear"));
        Path cache = tmp.resolve("cache");
        assertThat(verify(bundle, tmp.resolve("t1"), cache).code()).isZero();
        Path onnxruntime = platformDir(cache).resolve(System.mapLibraryName("onnxruntime"));
        long size = Files.size(onnxruntime);
        Files.write(onnxruntime, new byte[] {1, 2, 3}); // a truncated copy: must not be loaded
        Cli r = verify(bundle, tmp.resolve("t2"), cache);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(Files.size(onnxruntime)).isEqualTo(size);
        assertThat(list(tmp.resolve("t2"))).isEmpty();
    }

    @Test
    void cliRun_whenTheCacheCannotBeWritten_stillLeavesTmpdirEmpty() throws Exception {
        Path bundle = Fixtures.packedLinear(tmp.resolve("linear"));
        Path notADirectory = Files.writeString(tmp.resolve("cache-is-a-file"), "x");
        Path tmpdir = tmp.resolve("t");
        Cli r = verify(bundle, tmpdir, notADirectory);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(list(tmpdir)).as("java.io.tmpdir after a run").isEmpty();
    }
}
