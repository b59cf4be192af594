// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.store.NewRun;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunOutcome;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ValidationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops runs record BUNDLE}: records a bundle's export, from its metadata, so any language can. */
@Command(name = "record", description = {
    "Record a bundle's export as a succeeded run in the run store.",
    "The bundle is validated first, as validate does (manifest, metadata, files, graph signature, adequacy cases),"
        + " and refused when it does not validate. The run takes from the metadata the model's name and version, its"
        + " build id, the metrics, the datasets with their SHA-256, the git commit and branch and the configuration's"
        + " SHA-256; from config.json, when the bundle has one, the configuration itself; and from the manifest the"
        + " delivery id. A bundle without a build id gets one from the template"
        + " {name}__{branch}__{commit}__{build}__{trial}, with unknown for each part its provenance lacks."},
        exitCodeList = {"0:the export was recorded; the run id is printed.",
            "2:the bundle is invalid or unpacked, a dataset it lists has no sha256, its config.json does not match"
                + " provenance.configSha256, or the store cannot be opened or written, or its schema is older (add"
                + " --migrate) or newer than this mlops's.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsRecordCommand extends Verb {
    private static final Pattern TASK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final String CONFIG = "config.json";

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A packed bundle directory or .zip.")
    Path bundle;

    @Mixin
    StoreOptions store;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "export",
            description = "The task to record the run as (export unless given).")
    String task;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        if (!TASK.matcher(task).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--task': '"
                    + task + "' (expected letters, digits and . _ : -, at most 64 characters, such as export)");
        }
        String url = store.url(); // a usage error before the bundle is read
        NewRun run;
        RunOutcome outcome;
        String deliveryId;
        ModelMetadata m;
        try (Bundle b = reading(bundle, () -> BundleReader.standard().open(Args.existing(bundle)))) {
            ValidationReport report = reading(bundle, () -> BundleValidation.validate(b,
                    ModelRuntime.AdequacyPolicy.REQUIRED));
            warn(report.warnings());
            m = report.metadata().metadata();
            deliveryId = b.deliveryId();
            Optional<String> config = b.contains(CONFIG) ? Optional.of(read(b.resolve(CONFIG))) : Optional.empty();
            try {
                run = newRun(m, config);
                outcome = RunOutcome.exported(metrics(m), deliveryId);
            } catch (IllegalArgumentException e) {
                throw new InvalidBundleException(bundle + "/metadata.json", "cannot be recorded: " + e.getMessage(),
                        e);
            }
        }
        RunRecord recorded;
        try (RunStore s = store.write()) {
            recorded = s.record(run, outcome);
        }
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            o.put("store", RunStore.redact(url));
            o.set("run", RunViews.json(recorded, false));
            Output.print(out(), o);
        } else {
            out().println("recorded: " + Text.escape(recorded.runId()) + " " + Text.escape(recorded.task()) + " of "
                    + Text.escape(m.name()) + " " + Text.escape(m.version()) + " (" + Text.escape(deliveryId) + ")");
        }
        return ExitCodes.OK;
    }

    private NewRun newRun(ModelMetadata m, Optional<String> config) {
        Provenance p = m.provenance();
        String buildId = m.buildId().orElseGet(() -> BuildIdTemplate.DEFAULT.format(new BuildId(BuildId.safe(m.name()),
                BuildId.safe(p.branch().orElse("unknown")), BuildId.safe(p.gitCommit()
                        .map(c -> c.length() > Jobs.SHORT_COMMIT ? c.substring(0, Jobs.SHORT_COMMIT) : c) // as Jobs does
                        .orElse("unknown")),
                p.buildNumber().isPresent() ? Long.toString(p.buildNumber().getAsLong()) : "unknown",
                BuildId.safe(p.trialId().orElse("unknown")))));
        NewRun.Builder b = NewRun.newBuilder(m.name(), buildId, task).modelVersion(m.version().toString());
        List<DatasetRef> datasets = p.datasets();
        for (int i = 0; i < datasets.size(); i++) {
            DatasetRef d = datasets.get(i);
            if (d.sha256().isEmpty()) {
                throw new InvalidBundleException(bundle + "/metadata.json", "provenance.datasets[" + i + "] ('"
                        + d.name() + "') has no sha256: a run record needs the hash of every dataset it read");
            }
            b.dataset(RunDataset.from(d));
        }
        if (config.isPresent()) {
            try {
                b.configJson(config.get());
            } catch (IllegalArgumentException e) {
                throw new InvalidBundleException(bundle + "/" + CONFIG, "is not one JSON value: " + e.getMessage(), e);
            }
            String sha = b.build().configSha256().orElseThrow();
            if (p.configSha256().isPresent() && !p.configSha256().get().equals(sha)) {
                throw new InvalidBundleException(bundle + "/" + CONFIG, "its canonical SHA-256 is " + sha + ", but"
                        + " metadata.json provenance.configSha256 says " + p.configSha256().get()
                        + ": the bundle's configuration is not the one that made the model");
            }
        } else {
            p.configSha256().ifPresent(b::configSha256);
        }
        p.gitCommit().ifPresent(b::gitCommit);
        p.branch().ifPresent(b::gitBranch);
        return b.build();
    }

    private static List<RunMetric> metrics(ModelMetadata m) {
        List<RunMetric> out = new ArrayList<>();
        for (Metric metric : m.metrics()) {
            out.add(RunMetric.from(metric));
        }
        return out;
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidBundleException(bundle + "/" + CONFIG, "cannot be read: " + e, e);
        }
    }
}
