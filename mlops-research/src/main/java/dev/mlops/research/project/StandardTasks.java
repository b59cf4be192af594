// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.job.Job;
import dev.mlops.api.job.Task;
import dev.mlops.api.job.TaskContext;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.export.ExportResult;
import dev.mlops.research.export.TrainingData;
import dev.mlops.research.gate.Evaluation;
import dev.mlops.research.gate.GateMetric;
import dev.mlops.research.gate.GateResult;
import dev.mlops.research.gate.MetricGate;
import dev.mlops.research.job.BuildInfo;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.model.RnDModel;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStatus;
import dev.mlops.research.store.RunStore;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four standard tasks, registered by {@code mlops-research} in {@code META-INF/services/dev.mlops.api.job.Task}
 * so that {@link dev.mlops.research.job.TaskRegistry#discover} finds them next to a project's own tasks. Each works on
 * the one {@link ResearchProject} on the class path (through the thread's context class loader, which
 * {@link ResearchRunner} sets) and may run in its own process: state passes through the run directories of the build,
 * {@code <workDir>/<buildId>/<task>/run-<n>}, and the {@value RunDetails#FILE} each leaves there.
 * <ul>
 *   <li>{@code train}: reads the {@link Split#TRAIN} dataset, builds and trains a new model, saves it to
 *       {@code model/} ({@link RnDModel#save}); records the dataset's SHA-256 and the training metrics.</li>
 *   <li>{@code evaluate}: loads the latest {@code train} run's model, checks that the configuration and the training
 *       data are those train used, measures the model on the {@link Split#TEST} dataset.</li>
 *   <li>{@code export}: writes the verified bundle to {@code bundle/} with {@link ExportBuilder}: the model's ONNX
 *       graph, config and its hash, both datasets with their hashes, build id, commit, branch, build number and trial
 *       from the job, statistics of the training inputs, an adequacy case of the first {@value #ADEQUACY_ROWS}
 *       training rows with the model's own predictions (checked in ONNX Runtime), and the train and evaluate
 *       metrics.</li>
 *   <li>{@code verify}: opens the export in {@link ModelRuntime} (manifest, metadata and the adequacy gate) and, when
 *       the {@code verify} section names a baseline ({@link VerifySection}), runs the {@link MetricGate}; a
 *       regression or a baseline that cannot be compared fails the task with a {@link GateFailedException}.</li>
 * </ul>
 *
 * <p>Thread-safe; holds no state.
 *
 * @since 0.2.0
 */
public final class StandardTasks {
    /** The {@code train} task's name. */
    public static final String TRAIN = "train";
    /** The {@code evaluate} task's name. */
    public static final String EVALUATE = "evaluate";
    /** The {@code export} task's name. */
    public static final String EXPORT = "export";
    /** The {@code verify} task's name. */
    public static final String VERIFY = "verify";
    /** The directory of a {@code train} run the model is saved to. */
    public static final String MODEL_DIR = "model";
    /** The directory of an {@code export} run the bundle is written to. */
    public static final String BUNDLE_DIR = "bundle";
    /** The model version when the configuration has no {@code model.version}. */
    public static final String DEFAULT_MODEL_VERSION = "1.0.0";
    /** How many training rows the export's adequacy case holds (fewer when the data has fewer). */
    public static final int ADEQUACY_ROWS = 8;

    private static final Logger LOG = LoggerFactory.getLogger(StandardTasks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandardTasks() {
    }

    /**
     * Returns the names of the standard tasks in the order a pipeline runs them.
     *
     * @return {@code train}, {@code evaluate}, {@code export}, {@code verify}
     * @since 0.2.0
     */
    public static List<String> names() {
        return List.of(TRAIN, EVALUATE, EXPORT, VERIFY);
    }

    /**
     * The {@code train} task. Stateless and thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Train implements Task {
        /** Creates the task; {@link java.util.ServiceLoader} calls it. */
        public Train() {
            // no state
        }

        @Override
        public String name() {
            return TRAIN;
        }

        @Override
        public void run(TaskContext context) throws IOException {
            train(Stages.project(), context);
        }

        private static <C extends Record, D> void train(ResearchProject<C, D> project, TaskContext context)
                throws IOException {
            C config = context.config().bind(project.configType());
            DatasetFile dataset = Stages.dataset(TRAIN, project, config, Split.TRAIN, Stages.baseDir(context.config()));
            String sha = Stages.sha256(dataset.file());
            D data = project.read(config, Split.TRAIN, dataset);
            RnDModel<C, D> model = project.newModel();
            model.build(config);
            List<Metric> metrics = Stages.withDefaults(model.train(data), dataset, Split.TRAIN);
            model.save(Files.createDirectory(context.outputDir().resolve(MODEL_DIR)));
            new RunDetails(context.config().sha256(), Optional.empty(),
                    List.of(new RunDetails.DatasetUse(dataset.name(), Split.TRAIN.label(), dataset.file(), sha)),
                    metrics, Optional.empty()).write(context.outputDir());
            Stages.report(context, metrics);
        }
    }

    /**
     * The {@code evaluate} task. Stateless and thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Evaluate implements Task {
        /** Creates the task; {@link java.util.ServiceLoader} calls it. */
        public Evaluate() {
            // no state
        }

        @Override
        public String name() {
            return EVALUATE;
        }

        @Override
        public void run(TaskContext context) {
            evaluate(Stages.project(), context);
        }

        private static <C extends Record, D> void evaluate(ResearchProject<C, D> project, TaskContext context) {
            Path trained = Stages.requireOutput(context, EVALUATE, TRAIN);
            RunDetails train = Stages.requireConsistent(context, EVALUATE, trained);
            C config = context.config().bind(project.configType());
            DatasetFile dataset = Stages.dataset(EVALUATE, project, config, Split.TEST,
                    Stages.baseDir(context.config()));
            String sha = Stages.sha256(dataset.file());
            D data = project.read(config, Split.TEST, dataset);
            RnDModel<C, D> model = project.newModel();
            model.load(trained.resolve(MODEL_DIR));
            List<Metric> metrics = Stages.withDefaults(model.evaluate(data), dataset, Split.TEST);
            List<RunDetails.DatasetUse> datasets = new ArrayList<>(train.datasets());
            datasets.add(new RunDetails.DatasetUse(dataset.name(), Split.TEST.label(), dataset.file(), sha));
            new RunDetails(context.config().sha256(), Optional.empty(), datasets, metrics, Optional.empty())
                    .write(context.outputDir());
            Stages.report(context, metrics);
        }
    }

    /**
     * The {@code export} task. Stateless and thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Export implements Task {
        /** Creates the task; {@link java.util.ServiceLoader} calls it. */
        public Export() {
            // no state
        }

        @Override
        public String name() {
            return EXPORT;
        }

        @Override
        public void run(TaskContext context) {
            export(Stages.project(), context);
        }

        private static <C extends Record, D> void export(ResearchProject<C, D> project, TaskContext context) {
            Path trained = Stages.requireOutput(context, EXPORT, TRAIN);
            Path evaluated = Stages.requireOutput(context, EXPORT, EVALUATE);
            RunDetails train = Stages.requireConsistent(context, EXPORT, trained);
            RunDetails evaluation = Stages.requireConsistent(context, EXPORT, evaluated);
            C config = context.config().bind(project.configType());
            RunDetails.DatasetUse trainData = train.datasets().get(0);
            DatasetFile trainFile = new DatasetFile(trainData.name(), trainData.file());
            D data = project.read(config, Split.TRAIN, trainFile);
            RnDModel<C, D> model = project.newModel();
            model.load(trained.resolve(MODEL_DIR));

            Job job = context.job();
            String version = context.config().get("model.version").map(String::valueOf)
                    .orElse(DEFAULT_MODEL_VERSION);
            ExportBuilder export = ExportBuilder.newBuilder(job.modelName(), version)
                    .config(Stages.configTree(context.config()))
                    .buildId(job.buildId())
                    .trialId(job.buildIdParts().trial());
            Map<String, Path> datasets = new LinkedHashMap<>();
            for (RunDetails.DatasetUse d : evaluation.datasets()) {
                datasets.putIfAbsent(d.name(), d.file());
            }
            datasets.forEach(export::dataset);
            job.commit().ifPresent(export::gitCommit);
            Optional<BuildInfo> info = Jobs.buildInfo(ResearchJob.unwrap(job));
            info.flatMap(BuildInfo::branch).ifPresent(export::branch);
            info.map(BuildInfo::buildNumber).filter(n -> n.matches("\\d{1,18}")).map(Long::parseLong)
                    .ifPresent(export::buildNumber);
            trainEndTime(trained).ifPresent(export::trainEndTime);

            Map<String, Tensor> inputs = project.inputs(data);
            TrainingData.Builder statistics = TrainingData.newBuilder();
            inputs.forEach(statistics::input);
            export.trainingData(trainData.name(), statistics.build());
            Map<String, Tensor> rows = new LinkedHashMap<>();
            inputs.forEach((name, t) -> rows.put(name, Stages.firstRows(t, ADEQUACY_ROWS)));
            long n = rows.values().iterator().next().shape()[0];
            export.adequacyCase("training rows 1-" + n, rows, model.predict(rows));

            List<Metric> metrics = new ArrayList<>(train.metrics());
            metrics.addAll(evaluation.metrics());
            metrics.forEach(export::metric);
            model.export(export);
            ExportResult result = export.export(context.outputDir().resolve(BUNDLE_DIR));
            LOG.info("exported {} {} to {} ({})", job.modelName(), version, result.bundle(), result.deliveryId());
            new RunDetails(context.config().sha256(), Optional.of(version), evaluation.datasets(), metrics,
                    Optional.of(result.deliveryId())).write(context.outputDir());
            Stages.report(context, evaluation.metrics());
        }

        private static Optional<OffsetDateTime> trainEndTime(Path trained) {
            try {
                JsonNode ended = JSON.readTree(trained.resolve("mlops-run.json").toFile()).get("endedAt");
                return ended == null ? Optional.empty()
                        : Optional.of(OffsetDateTime.parse(ended.asText()).withOffsetSameInstant(ZoneOffset.UTC));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // provenance without the time rather than no export
            }
        }
    }

    /**
     * The {@code verify} task. Stateless and thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Verify implements Task {
        /** Creates the task; {@link java.util.ServiceLoader} calls it. */
        public Verify() {
            // no state
        }

        @Override
        public String name() {
            return VERIFY;
        }

        @Override
        public void run(TaskContext context) {
            Path exported = Stages.requireOutput(context, VERIFY, EXPORT);
            RunDetails export = Stages.requireConsistent(context, VERIFY, exported);
            Path bundle = exported.resolve(BUNDLE_DIR);
            ModelMetadata candidate;
            try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                    RuntimeModel model = runtime.open(bundle)) {
                candidate = model.metadata();
                LOG.info("verify: {} opened in the runtime, adequacy cases passed", bundle);
            }
            Optional<String> bundleBaseline = context.config().get("verify.baselineBundle").map(String::valueOf);
            Optional<String> modelBaseline = context.config().get("verify.baselineModel").map(String::valueOf);
            if (bundleBaseline.isPresent() && modelBaseline.isPresent()) {
                throw new PipelineStateException("task 'verify': the configuration names two baselines,"
                        + " verify.baselineBundle and verify.baselineModel; keep one");
            }
            Optional<Evaluation> baseline = bundleBaseline.isPresent()
                    ? Optional.of(bundleBaseline(context, bundleBaseline.get()))
                    : modelBaseline.flatMap(m -> storeBaseline(context, m));
            if (baseline.isPresent()) {
                MetricGate gate = MetricGate.parse(rules(context));
                GateResult result = gate.compare(Evaluation.of(candidate), baseline.get());
                LOG.info("verify: {}", result.report());
                if (!(result instanceof GateResult.Pass)) {
                    throw new GateFailedException(result);
                }
                context.reportMetric("gate.checks", gate.rules().size());
            }
            new RunDetails(context.config().sha256(), Optional.of(candidate.version().toString()),
                    export.datasets(), List.of(), export.deliveryId()).write(context.outputDir());
        }

        private static List<String> rules(TaskContext context) {
            Object rules = context.config().get("verify.rules").orElse(List.of());
            List<String> out = new ArrayList<>();
            if (rules instanceof List<?> list) {
                list.forEach(r -> out.add(String.valueOf(r)));
            }
            if (out.isEmpty()) {
                throw new PipelineStateException("task 'verify': a baseline is named but verify.rules is empty;"
                        + " expected rules such as \"accuracy >= baseline - 0.02\"");
            }
            return out;
        }

        private static Evaluation bundleBaseline(TaskContext context, String path) {
            Path file = Stages.baseDir(context.config()).resolve(path).normalize();
            try (Bundle baseline = Bundles.open(file)) {
                return Evaluation.of(Metadata.read(baseline.resolve(Metadata.FILE_NAME)).metadata());
            }
        }

        private static Optional<Evaluation> storeBaseline(TaskContext context, String modelName) {
            String url = ResearchJob.storeOf(context.job()).orElseThrow(() -> new PipelineStateException(
                    "task 'verify': verify.baselineModel names '" + modelName + "' in the run store, but no store"
                            + " was given (mlops run --store URL, or ResearchRunner.Builder.store)"));
            try (RunStore store = RunStore.open(url)) {
                Optional<RunRecord> latest = store.history(modelName).stream()
                        .filter(r -> r.task().equals(EXPORT) && r.status() == RunStatus.SUCCEEDED
                                && !r.buildId().equals(context.job().buildId()))
                        .findFirst();
                if (latest.isEmpty()) {
                    LOG.warn("verify: no succeeded export of '{}' from another build in {}; nothing to gate against",
                            modelName, store.url());
                }
                return latest.map(Verify::evaluation);
            }
        }

        private static Evaluation evaluation(RunRecord run) {
            Map<String, String> hashes = new LinkedHashMap<>();
            for (RunDataset d : run.datasets()) {
                hashes.put(d.name(), d.sha256());
            }
            List<GateMetric> metrics = new ArrayList<>();
            for (RunMetric m : run.metrics()) {
                metrics.add(new GateMetric(m.name(), m.value(), m.dataset(), m.dataset().map(hashes::get),
                        m.split(), m.slice()));
            }
            return new Evaluation(run.modelName() + " " + run.modelVersion().orElse("") + " (run " + run.runId()
                    + ", build " + run.buildId() + ")", metrics);
        }
    }
}
