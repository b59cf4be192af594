// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.MlopsException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.BundleStamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a repository: walks {@code <root>/<name>/<version>[.zip]}, verifies each bundle with the reader (every file
 * against the manifest) and reads its metadata. A bundle whose stamp (listing and manifest, see
 * {@link BundleReader#stamp}) is unchanged since it was last verified keeps its outcome without being read again.
 * Thread-safe: one scan at a time.
 */
final class Scanner {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    /** A model name as metadata.json allows it (the pattern {@code ModelRuntime.open(name, version)} checks). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    static final String LAYOUT = "the repository holds <name>/<version>/ directories and <name>/<version>.zip files";

    private static final Comparator<RepositoryEntry> ORDER = Comparator.comparing(RepositoryEntry::name)
            .thenComparing(RepositoryEntry::version, Comparator.reverseOrder());

    private final Path root;
    private final BundleReader reader;

    /** The outcome of verifying one path, valid while its stamp is unchanged. Guarded by this. */
    private final Map<Path, Verified> verified = new HashMap<>();
    /** The reason each path was skipped at the last scan, so a reason is logged once, not on every scan. */
    private final Map<Path, String> lastReasons = new HashMap<>();
    private volatile Scan latest = Scan.EMPTY;

    private record Verified(BundleStamp stamp, Optional<RepositoryEntry> entry, String reason) {
    }

    Scanner(Path root, BundleReader reader) {
        this.root = root;
        this.reader = reader;
    }

    Scan latest() {
        return latest;
    }

    synchronized Scan scan() {
        List<RepositoryEntry> entries = new ArrayList<>();
        Map<Path, String> skipped = new TreeMap<>();
        Map<Path, Boolean> seen = new HashMap<>();
        if (!Files.isDirectory(root)) {
            skipped.put(root, "the repository root is not a directory");
        } else {
            for (Path child : list(root, skipped)) {
                String name = child.getFileName().toString();
                if (!Files.isDirectory(child)) {
                    skipped.put(child, "not a model directory: " + LAYOUT);
                } else if (!NAME.matcher(name).matches()) {
                    skipped.put(child, "'" + name + "' is not a model name (1 to 128 letters, digits, '.', '_' or"
                            + " '-', starting with a letter or digit)");
                } else {
                    scanModel(name, child, entries, skipped, seen);
                }
            }
        }
        verified.keySet().retainAll(seen.keySet());
        for (Map.Entry<Path, String> s : skipped.entrySet()) {
            if (!s.getValue().equals(lastReasons.get(s.getKey()))) {
                LOG.warn("model repository {}: skipping {}: {}", root, s.getKey(), s.getValue());
            }
        }
        lastReasons.clear();
        lastReasons.putAll(skipped);
        entries.sort(ORDER);
        List<SkippedBundle> skips = new ArrayList<>();
        skipped.forEach((p, r) -> skips.add(new SkippedBundle(p, r)));
        Scan scan = new Scan(entries, skips);
        latest = scan;
        return scan;
    }

    private void scanModel(String name, Path dir, List<RepositoryEntry> entries, Map<Path, String> skipped,
            Map<Path, Boolean> seen) {
        Map<ModelVersion, List<Path>> versions = new TreeMap<>();
        for (Path child : list(dir, skipped)) {
            String file = child.getFileName().toString();
            boolean isDir = Files.isDirectory(child);
            String text = isDir ? file : file.endsWith(".zip") ? file.substring(0, file.length() - 4) : "";
            if (!isDir && (text.isEmpty() || !Files.isRegularFile(child))) {
                skipped.put(child, "neither a version directory nor a <version>.zip file: " + LAYOUT);
                continue;
            }
            Optional<ModelVersion> v = canonicalVersion(text);
            if (v.isEmpty()) {
                skipped.put(child, "'" + text + "' is not a model version (MAJOR.MINOR.PIPELINE, e.g. 1.0.0)");
                continue;
            }
            versions.computeIfAbsent(v.get(), k -> new ArrayList<>()).add(child);
        }
        versions.forEach((version, paths) -> {
            if (paths.size() > 1) {
                for (Path p : paths) {
                    skipped.put(p, "both " + name + "/" + version + "/ and " + name + "/" + version
                            + ".zip exist: remove one");
                }
                return;
            }
            Path path = paths.get(0);
            seen.put(path, Boolean.TRUE);
            Verified v = verify(name, version, path);
            if (v.entry().isPresent()) {
                entries.add(v.entry().get());
            } else {
                skipped.put(path, v.reason());
            }
        });
    }

    private Verified verify(String name, ModelVersion version, Path path) {
        Optional<BundleStamp> stamp = reader.stamp(path);
        Verified known = verified.get(path);
        if (known != null && stamp.isPresent() && known.stamp().equals(stamp.get())) {
            return known;
        }
        Verified outcome = read(name, version, path, stamp.orElse(new BundleStamp("", "")));
        if (stamp.isPresent()) {
            verified.put(path, outcome);
        } else {
            verified.remove(path); // no manifest yet, or not a readable zip: read again next scan
        }
        return outcome;
    }

    private Verified read(String name, ModelVersion version, Path path, BundleStamp stamp) {
        BundleForm form = Files.isDirectory(path) ? BundleForm.DIRECTORY : BundleForm.ZIP;
        try (Bundle bundle = reader.open(path)) {
            if (!bundle.contains(Metadata.FILE_NAME)) {
                return refused(stamp, "the bundle has no " + Metadata.FILE_NAME);
            }
            ModelMetadata meta = Metadata.read(bundle.resolve(Metadata.FILE_NAME)).metadata();
            if (!meta.name().equals(name) || !meta.version().equals(version)) {
                return refused(stamp, Metadata.FILE_NAME + " names " + meta.name() + " " + meta.version()
                        + ", not " + name + " " + version + " as its path does");
            }
            return new Verified(stamp, Optional.of(new RepositoryEntry(name, version, path, form,
                    bundle.deliveryId(), meta)), "");
        } catch (MlopsException e) {
            return refused(stamp, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            return refused(stamp, "cannot read: " + e.getCause());
        }
    }

    private static Verified refused(BundleStamp stamp, String reason) {
        return new Verified(stamp, Optional.empty(), reason);
    }

    static Optional<ModelVersion> canonicalVersion(String text) {
        try {
            ModelVersion v = ModelVersion.parse(text);
            return v.toString().equals(text) ? Optional.of(v) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The children of a directory in name order; a directory that cannot be listed is skipped with the reason. */
    private static List<Path> list(Path dir, Map<Path, String> skipped) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        } catch (IOException | UncheckedIOException e) {
            skipped.put(dir, "cannot list: " + e);
            return List.of();
        }
        children.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return children;
    }
}
