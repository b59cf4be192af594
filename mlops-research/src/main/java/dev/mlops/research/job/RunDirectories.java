// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run directories of a build, {@code <buildDir>/<task>/run-<n>}, and the record each finished run leaves in its
 * own, {@value #RECORD}. Stateless and thread-safe; safe across processes (directories are created with
 * {@link Files#createDirectory}, which fails rather than share).
 */
final class RunDirectories {
    /** The file the runner writes into a run's directory when the task ends. */
    static final String RECORD = "mlops-run.json";
    private static final Pattern RUN = Pattern.compile("run-(\\d{1,9})");
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private RunDirectories() {
    }

    /** Creates a fresh run directory: one more than the highest run number so far, never an existing one. */
    static Path create(Path taskDir) {
        try {
            Files.createDirectories(taskDir);
            for (int n = highest(taskDir) + 1; ; n++) {
                try {
                    return Files.createDirectory(taskDir.resolve("run-" + n));
                } catch (FileAlreadyExistsException raced) {
                    // another runner took it; try the next
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + taskDir + ": " + e.getMessage(), e);
        }
    }

    private static int highest(Path taskDir) throws IOException {
        try (Stream<Path> runs = Files.list(taskDir)) {
            return runs.mapToInt(RunDirectories::number).max().orElse(0);
        }
    }

    private static int number(Path run) {
        Matcher m = RUN.matcher(run.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The latest run directory of a task whose record says it succeeded. */
    static Optional<Path> latestSucceeded(Path taskDir) {
        if (!Files.isDirectory(taskDir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(taskDir)) {
            return runs.filter(p -> number(p) > 0 && succeeded(p))
                    .max(java.util.Comparator.comparingInt(RunDirectories::number));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + taskDir + ": " + e.getMessage(), e);
        }
    }

    private static boolean succeeded(Path run) {
        Path record = run.resolve(RECORD);
        if (!Files.isRegularFile(record)) {
            return false;
        }
        try {
            JsonNode status = MAPPER.readTree(record.toFile()).get("status");
            return status != null && RunStatus.SUCCEEDED.name().equals(status.asText());
        } catch (IOException e) {
            return false; // unreadable: not a run to build on
        }
    }

    /** Writes the record of a finished run, atomically (Python's json module reads it). */
    static void writeRecord(RunResult result) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("task", result.task());
        json.put("status", result.status().name());
        json.put("modelName", result.modelName());
        json.put("buildId", result.buildId());
        json.put("configSha256", result.configSha256());
        result.commit().ifPresent(c -> json.put("commit", c));
        json.put("dirty", result.dirty());
        json.put("startedAt", result.startedAt().toString());
        json.put("endedAt", result.endedAt().toString());
        ObjectNode metrics = json.putObject("metrics");
        result.metrics().forEach(metrics::put);
        result.error().ifPresent(e -> json.put("error", e));
        Path target = result.outputDir().resolve(RECORD);
        Path tmp = result.outputDir().resolve("." + RECORD + ".tmp");
        try {
            Files.writeString(tmp, MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run record always serializes", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
