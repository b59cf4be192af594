// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

/**
 * Where executors find a bundle: a file shipped with {@code SparkContext.addFile}, or a path every node reads through
 * Hadoop's {@code FileSystem} (HDFS, S3A, a shared {@code file:} mount). Immutable; shipped with each task.
 *
 * @param hadoopUri the Hadoop path, or empty for a shipped file
 * @param sparkFile the shipped file's name, or empty for a Hadoop path
 */
record BundleLocation(String hadoopUri, String sparkFile) implements Serializable, ExecutorModels.Fetch {
    private static final long serialVersionUID = 1L;

    /** Files this driver shipped, by application id and delivery id: each delivery is added once per application. */
    private static final Map<String, String> SHIPPED = new ConcurrentHashMap<>();

    /** What the driver learnt from its verified copy. */
    record Verified(String deliveryId, ModelMetadata metadata) {
    }

    /** Whether the string names a Hadoop path ({@code hdfs://...}, {@code file:/...}) rather than a local one. */
    static boolean isHadoopUri(String bundle) {
        try {
            String scheme = new URI(bundle).getScheme();
            return scheme != null && scheme.length() > 1;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Verifies the bundle on the driver and reads its delivery id and metadata.
     *
     * @throws InvalidBundleException (or a subtype) when the bundle is missing, unpacked or fails verification
     */
    static Verified verifyOnDriver(String bundle, SparkContext sc) {
        if (!isHadoopUri(bundle)) {
            return verify(Path.of(bundle));
        }
        Path tmp = tempDir();
        try {
            Path copy = copyFromHadoop(bundle, new Configuration(sc.hadoopConfiguration()), tmp);
            return verify(copy);
        } finally {
            deleteTree(tmp);
        }
    }

    private static Verified verify(Path local) {
        if (!Files.exists(local)) {
            throw new InvalidBundleException(local.toString(), "no such file or directory");
        }
        try (Bundle b = BundleReader.standard().open(local)) {
            ModelMetadata meta = Metadata.read(b.resolve(Metadata.FILE_NAME)).metadata();
            return new Verified(b.deliveryId(), meta);
        }
    }

    /** The location executors read: the Hadoop path itself, or a zip of the local bundle shipped with addFile. */
    static BundleLocation forExecutors(String bundle, String deliveryId, SparkContext sc) {
        if (isHadoopUri(bundle)) {
            return new BundleLocation(bundle, "");
        }
        String key = sc.applicationId() + "\t" + deliveryId;
        String name = SHIPPED.computeIfAbsent(key, k -> ship(Path.of(bundle), deliveryId, sc));
        return new BundleLocation("", name);
    }

    /** Ships a local bundle: a zip of the same tree (a directory is zipped, a zip copied), named by its delivery. */
    private static String ship(Path bundle, String deliveryId, SparkContext sc) {
        String name = "mlops-" + deliveryId.replace("sha256:", "").substring(0, 32) + ".zip";
        Path dir = tempDir();
        Path zip = dir.resolve(name);
        try {
            if (Files.isDirectory(bundle)) {
                zipTree(bundle, zip);
            } else {
                Files.copy(bundle, zip);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + zip + " to ship " + bundle, e);
        }
        dir.toFile().deleteOnExit(); // registered first, deleted last
        zip.toFile().deleteOnExit();
        sc.addFile(zip.toString());
        return name;
    }

    private static void zipTree(Path dir, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (Files.isRegularFile(f)) {
                    z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, z);
                    z.closeEntry();
                }
            }
        }
    }

    @Override
    public Path localCopy() {
        if (!sparkFile.isEmpty()) {
            return Path.of(SparkFiles.get(sparkFile));
        }
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> kv : env.conf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) {
                    conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        return copyFromHadoop(hadoopUri, conf, tempDir());
    }

    /** Deletes a copy this location fetched through Hadoop (the runtime has staged its own by then). */
    @Override
    public void discard(Path copy) {
        Path dir = copy.getParent();
        if (!hadoopUri.isEmpty() && dir != null) {
            deleteTree(dir);
        }
    }

    /** @return where the copy comes from, for messages */
    String describe() {
        return sparkFile.isEmpty() ? hadoopUri : "SparkFiles " + sparkFile;
    }

    private static Path copyFromHadoop(String uri, Configuration conf, Path dir) {
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = src.getFileSystem(conf);
            if (!fs.exists(src)) {
                throw new InvalidBundleException(uri, "no such file or directory");
            }
            Path local = dir.resolve(src.getName().isEmpty() ? "bundle" : src.getName());
            // the raw local file system writes no .crc files, which would be files the manifest does not list
            fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(local.toUri()), true);
            return local;
        } catch (IOException e) {
            throw new InvalidBundleException(uri, "cannot be copied through Hadoop's FileSystem: " + e.getMessage(), e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mlops-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for a bundle copy", e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary copy left behind is harmless; the runtime staged its own
        }
    }
}
