// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.MlopsException;
import dev.mlops.api.job.Job;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.job.RunResult;
import dev.mlops.research.job.RunStatus;
import dev.mlops.research.project.ResearchRunner;
import dev.mlops.research.store.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops run TASK --config FILE}: one task of a research project, recorded in a run store. */
@Command(name = "run", description = {
    "Run one task of a research project: train, evaluate, export, verify or one of the project's own.",
    "The project's jars (--class-path) list the project in META-INF/services/"
        + "dev.mlops.research.project.ResearchProject and any task of their own in META-INF/services/"
        + "dev.mlops.api.job.Task. The configuration is the file, then the environment (MLOPS_TRAIN_EPOCHS=20 sets"
        + " train.epochs), then each --set in order.",
    "The task's outputs go to WORKDIR/BUILD_ID/TASK/run-N, where BUILD_ID is"
        + " {name}__{branch}__{commit}__{build}__{trial} from the configuration, git and the CI's variables. Later"
        + " tasks read earlier ones' outputs from there, so each task may run in its own process.",
    "With --store every run is recorded (a failed one as failed) in a SQLite file or a PostgreSQL database."},
        exitCodeList = {"0:the task succeeded.",
            "1:the task failed: the message says why (a missing train run, a changed dataset, an export whose ONNX"
                + " outputs disagree with the model, a metric gate regression).",
            "2:bad input: an unknown task, no research project or two on the class path, a configuration that does"
                + " not load, or a store that cannot be opened or written.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunCommand extends Verb {
    @Parameters(index = "0", paramLabel = "TASK", description = "The task: train, evaluate, export, verify or one"
            + " of the project's own.")
    String task;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The project's configuration"
            + " file (JSON with sections such as model, train and evaluation).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one configuration value, for"
            + " example train.epochs=20; repeatable, applied in order after the environment.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--store", paramLabel = "URL", description = "Records the run in this store:"
            + " jdbc:sqlite:PATH, jdbc:postgresql://HOST/DB, or the path of a SQLite file. Default: not recorded.")
    @Nullable String store;

    @Option(names = "--class-path", paramLabel = "JARS", split = "${sys:path.separator}", description = "The"
            + " research project's jars or class directories, separated by the platform's path separator.")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--trial", paramLabel = "T", description = "The trial id of the build id; default the"
            + " configuration's trial, else 0.")
    @Nullable String trial;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where task outputs go; default mlops-work in"
            + " the current directory.")
    Path workDir = Path.of("mlops-work");

    @Override
    String subject() {
        return "task " + task;
    }

    @Override
    int execute() {
        try (URLClassLoader loader = new URLClassLoader(urls(), RunCommand.class.getClassLoader())) {
            ResearchRunner.Builder builder = ResearchRunner.newBuilder(loader);
            if (store != null) {
                builder.store(store);
            }
            ResearchRunner runner = builder.build();
            runner.tasks().require(task);
            Map<String, String> env = System.getenv();
            EffectiveConfig<?> effective = runner.loadConfig(config, new Overrides(env, sets));
            Jobs.Builder job = Jobs.newBuilder(effective).workDir(workDir).environment(env);
            Path configDir = config.toAbsolutePath().getParent();
            if (configDir != null) { // git is looked for where the configuration is, not where outputs go
                job.sourceDir(configDir);
            }
            if (trial != null) {
                job.trial(trial);
            }
            Job built = job.build();
            RunResult result = runner.run(task, built);
            return report(result, runner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the class loader of --class-path: " + e.getMessage(), e);
        }
    }

    private URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            if (!Files.exists(p)) {
                throw new MlopsException("--class-path: " + p + " does not exist (expected a jar or a class"
                        + " directory)");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new MlopsException("--class-path: " + p + " is not a usable path: " + e.getMessage(), e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    private int report(RunResult result, ResearchRunner runner) {
        boolean ok = result.status() == RunStatus.SUCCEEDED;
        int code = ok ? ExitCodes.OK : ExitCodes.FAILED;
        if (json) {
            ObjectNode o = report(ok, code);
            o.put("task", result.task());
            o.put("status", result.status().name());
            o.put("model", result.modelName());
            o.put("buildId", result.buildId());
            o.put("configSha256", result.configSha256());
            o.put("outputDir", result.outputDir().toString());
            runner.storeUrl().ifPresent(u -> o.put("store", RunStore.redact(u)));
            ObjectNode metrics = o.putObject("metrics");
            result.metrics().forEach(metrics::put);
            result.error().ifPresent(e -> o.put("error", e));
            Output.print(out(), o);
        } else if (ok) {
            out().println("task '" + Text.escape(result.task()) + "' succeeded for " + Text.escape(result.buildId())
                    + " in " + Text.escape(result.outputDir().toString()) + metrics(result));
        }
        if (!ok) {
            err().println("mlops: " + Text.message(result.error().orElse("task '" + result.task() + "' failed")));
        }
        return code;
    }

    private static String metrics(RunResult result) {
        if (result.metrics().isEmpty()) {
            return "";
        }
        return result.metrics().entrySet().stream().map(e -> Text.escape(e.getKey()) + "=" + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
