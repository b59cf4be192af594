// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

/**
 * Where ONNX Runtime's native libraries are loaded from, so a CLI run leaves nothing in {@code java.io.tmpdir}.
 *
 * <p>Left alone, ONNX Runtime (1.26) extracts its libraries from the jar into a fresh
 * {@code java.io.tmpdir/onnxruntime-java*} directory on every start and marks the files and then the directory
 * delete-on-exit; the JVM deletes in reverse order, so the directory is tried while still full and every run leaves
 * it behind, empty. ONNX Runtime loads from the directory in the system property {@code onnxruntime.native.path}
 * instead when the library is there, and then extracts nothing; its temporary directory stays empty and is deleted
 * at exit.
 *
 * <p>So before ONNX Runtime starts, the CLI points that property at a per-user cache,
 * {@code $XDG_CACHE_HOME/mlops-java/onnxruntime/<fingerprint>/<os-arch>/} ({@code ~/.cache} without
 * {@code XDG_CACHE_HOME}), where the fingerprint is taken from the size and CRC-32 the jar records for each library,
 * so another ONNX Runtime build gets another directory. The directory is written once, atomically (extracted into a
 * temporary sibling, then renamed), and before each reuse every library's size and CRC-32 are checked against the
 * jar. When the cache cannot be written, the libraries are extracted into a directory of this run that is deleted at
 * exit. When the user set {@code onnxruntime.native.path}, or this platform's libraries are not in the jar, ONNX
 * Runtime is left to do as it does.
 */
final class OrtNatives {
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String RESOURCES = "/ai/onnxruntime/native/";
    /** Every library ONNX Runtime's loader knows by name (its {@code OnnxRuntime} constants). */
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni",
            "onnxruntime_providers_shared", "onnxruntime_providers_cuda", "onnxruntime_providers_tensorrt",
            "onnxruntime_providers_rocm", "onnxruntime_providers_dnnl", "onnxruntime_providers_openvino",
            "onnxruntime_providers_qnn", "webgpu_dawn", "dxil", "dxcompiler");

    private OrtNatives() {
    }

    /** One library in the jar: its file name, where it is, and the size and CRC-32 the jar records. */
    record Library(String file, URL url, long size, long crc) {
    }

    /**
     * Sets {@code onnxruntime.native.path} to the cache (or a directory of this run), unless it is set already.
     *
     * @param env the environment, for {@code XDG_CACHE_HOME}
     * @return where the libraries are loaded from, or empty when ONNX Runtime is left alone
     */
    static Optional<Path> configure(Map<String, String> env) {
        if (System.getProperty(PROPERTY) != null) {
            return Optional.empty();
        }
        try {
            Optional<String> platform = platform();
            if (platform.isEmpty()) {
                return Optional.empty();
            }
            List<Library> libraries = libraries(platform.get());
            if (libraries.isEmpty()) {
                return Optional.empty();
            }
            Path dir;
            try {
                dir = cached(cacheRoot(env).resolve(fingerprint(libraries)).resolve(platform.get()), libraries);
            } catch (IOException | UncheckedIOException | SecurityException e) {
                dir = extractForThisRun(libraries);
            }
            System.setProperty(PROPERTY, dir.toString());
            return Optional.of(dir);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Optional.empty(); // ONNX Runtime extracts the libraries itself, as without the CLI
        }
    }

    static Path cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mlops-java").resolve("onnxruntime");
    }

    /** ONNX Runtime's name for this platform's resource directory, such as {@code linux-x64}. */
    static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "aarch64"
                : null;
        return o == null || a == null ? Optional.empty() : Optional.of(o + "-" + a);
    }

    static List<Library> libraries(String platform) throws IOException {
        List<Library> found = new ArrayList<>();
        for (String name : LIBRARIES) {
            String file = System.mapLibraryName(name);
            URL url = OrtNatives.class.getResource(RESOURCES + platform + "/" + file);
            if (url == null) {
                continue;
            }
            URLConnection c = url.openConnection();
            if (c instanceof JarURLConnection jar && jar.getJarEntry().getCrc() >= 0
                    && jar.getJarEntry().getSize() >= 0) {
                found.add(new Library(file, url, jar.getJarEntry().getSize(), jar.getJarEntry().getCrc()));
            } else {
                CRC32 crc = new CRC32();
                long size;
                try (InputStream in = new CheckedInputStream(c.getInputStream(), crc)) {
                    size = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                found.add(new Library(file, url, size, crc.getValue()));
            }
        }
        return found;
    }

    static String fingerprint(List<Library> libraries) {
        CRC32 crc = new CRC32();
        StringBuilder sb = new StringBuilder();
        for (Library l : libraries) {
            sb.append(l.file()).append(':').append(l.size()).append(':').append(l.crc()).append('\n');
        }
        crc.update(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long total = libraries.stream().mapToLong(Library::size).sum();
        return HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + Long.toHexString(total);
    }

    /** The cache directory, written now unless it holds every library intact. */
    static Path cached(Path dir, List<Library> libraries) throws IOException {
        if (intact(dir, libraries)) {
            return dir;
        }
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
        try {
            extract(staging, libraries);
            if (Files.exists(dir)) {
                // A damaged or partial directory (a rename is atomic, so not one of ours): set it aside, not in use.
                Path stale = dir.resolveSibling(dir.getFileName() + ".stale-" + Long.toHexString(System.nanoTime()));
                try {
                    Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
                    deleteTree(stale);
                } catch (IOException e) {
                    // another run may have replaced it meanwhile: checked below
                }
            }
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // another run renamed its copy in first
            }
        } finally {
            deleteTree(staging);
        }
        if (!intact(dir, libraries)) {
            throw new IOException(dir + ": does not hold the ONNX Runtime libraries after extraction");
        }
        return dir;
    }

    /** Whether every library is in {@code dir} with the size and CRC-32 the jar records. */
    static boolean intact(Path dir, List<Library> libraries) throws IOException {
        for (Library l : libraries) {
            Path f = dir.resolve(l.file());
            if (!Files.isRegularFile(f) || Files.size(f) != l.size()) {
                return false;
            }
            CRC32 crc = new CRC32();
            try (InputStream in = new CheckedInputStream(Files.newInputStream(f), crc)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if (crc.getValue() != l.crc()) {
                return false;
            }
        }
        return true;
    }

    static void extract(Path dir, List<Library> libraries) throws IOException {
        for (Library l : libraries) {
            URLConnection c = l.url().openConnection();
            try (InputStream in = c.getInputStream()) {
                Files.copy(in, dir.resolve(l.file()));
            }
        }
    }

    /** The fallback: a directory of this run, in {@code java.io.tmpdir}, deleted when the JVM exits. */
    static Path extractForThisRun(List<Library> libraries) throws IOException {
        Path dir = Files.createTempDirectory("mlops-onnxruntime-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "mlops-onnxruntime-cleanup"));
        extract(dir, libraries);
        return dir;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: what is left is in a directory named for it
        }
    }
}
