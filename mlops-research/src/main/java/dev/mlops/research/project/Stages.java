// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.job.Config;
import dev.mlops.api.job.TaskContext;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.config.EffectiveConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** What the standard tasks share: finding the project, resolving and hashing datasets, checking earlier runs. */
final class Stages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Stages() {
    }

    /** The project on the thread's context class loader (the runner sets it), else on this class's loader. */
    static ResearchProject<?, ?> project() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return ResearchProjects.discover(context != null ? context : Stages.class.getClassLoader());
    }

    /** The directory relative dataset and baseline paths are resolved against: the configuration file's. */
    static Path baseDir(Config config) {
        if (config instanceof EffectiveConfig<?> e) {
            try {
                Path source = Path.of(e.source()).toAbsolutePath();
                if (Files.isRegularFile(source) && source.getParent() != null) {
                    return source.getParent();
                }
            } catch (InvalidPathException ignored) {
                // a configuration made in code: fall back to the working directory
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** The dataset of a split with its file resolved; it must exist. */
    static <C extends Record> DatasetFile dataset(String task, ResearchProject<C, ?> project, C config, Split split,
            Path base) {
        DatasetFile named = project.dataset(config, split);
        Path file = base.resolve(named.file()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new DatasetNotFoundException(task, named, split, file);
        }
        return new DatasetFile(named.name(), file);
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The latest successful run of a task this one builds on, with its details. */
    static Path requireOutput(TaskContext context, String task, String needed) {
        return context.latestOutput(needed).orElseThrow(() -> new PipelineStateException("task '" + task
                + "' needs a successful '" + needed + "' run of build " + context.job().buildId() + " (none under "
                + context.job().buildDir().resolve(needed) + "); run '" + needed + "' first"));
    }

    /** Reads an earlier run's details and checks that it ran with this configuration and that its data is unchanged. */
    static RunDetails requireConsistent(TaskContext context, String task, Path run) {
        RunDetails details = RunDetails.read(run).orElseThrow(() -> new PipelineStateException("task '" + task
                + "': " + run + " has no " + RunDetails.FILE + "; run that task again"));
        String now = context.config().sha256();
        if (!details.configSha256().equals(now)) {
            throw new PipelineStateException("task '" + task + "': the configuration changed since " + run
                    + " (configSha256 " + details.configSha256() + " then, " + now + " now); a build's tasks run with"
                    + " one configuration: run train again, or use another --trial");
        }
        for (RunDetails.DatasetUse d : details.datasets()) {
            if (!Files.isRegularFile(d.file())) {
                throw new DatasetNotFoundException(task, new DatasetFile(d.name(), d.file()),
                        Split.valueOf(d.split().toUpperCase(java.util.Locale.ROOT)), d.file());
            }
            String current = sha256(d.file());
            if (!current.equals(d.sha256())) {
                throw new DatasetChangedException(task, d.name(), d.file(), d.sha256(), current, run);
            }
        }
        return details;
    }

    /** Metrics with the dataset and split filled in where the model left them out. */
    static List<Metric> withDefaults(List<Metric> metrics, DatasetFile dataset, Split split) {
        List<Metric> out = new ArrayList<>();
        for (Metric m : metrics) {
            out.add(new Metric(m.name(), m.value(), Optional.of(m.dataset().orElse(dataset.name())),
                    Optional.of(m.split().orElse(split.label()))));
        }
        return out;
    }

    /** Reports each finite metric to the runner by name (a later one of the same name wins). */
    static void report(TaskContext context, List<Metric> metrics) {
        for (Metric m : metrics) {
            if (Double.isFinite(m.value())) {
                context.reportMetric(m.name(), m.value());
            }
        }
    }

    static ObjectNode configTree(Config config) {
        if (config instanceof EffectiveConfig<?> e) {
            return e.toTree();
        }
        try {
            return (ObjectNode) JSON.readTree(config.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration always prints as a JSON object", e);
        }
    }

    /** The first rows of a tensor (rows along the first axis). */
    static Tensor firstRows(Tensor t, int n) {
        long[] shape = t.shape();
        if (shape.length == 0 || shape[0] <= n) {
            return t;
        }
        int per = (int) (t.size() / shape[0]);
        int length = n * per;
        long[] head = shape.clone();
        head[0] = n;
        DataType dtype = t.dtype();
        return switch (dtype) {
            case FLOAT32 -> Tensor.ofFloats(Arrays.copyOf(t.toFloatArray(), length), head);
            case FLOAT64 -> Tensor.ofDoubles(Arrays.copyOf(t.toDoubleArray(), length), head);
            case INT64 -> Tensor.ofLongs(Arrays.copyOf(t.toLongArray(), length), head);
            case INT32 -> Tensor.ofInts(Arrays.copyOf(t.toIntArray(), length), head);
            case STRING -> Tensor.ofStrings(Arrays.copyOf(t.toStringArray(), length), head);
            case BOOL -> Tensor.ofBooleans(Arrays.copyOf(t.toBooleanArray(), length), head);
            default -> Tensor.fromDoubles(dtype, Arrays.copyOf(t.toDoubles(), length), head);
        };
    }
}
