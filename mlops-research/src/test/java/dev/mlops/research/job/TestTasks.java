// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.job.Task;
import dev.mlops.api.job.TaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real tasks, listed in test resources' META-INF/services files, that write files and report metrics. */
public final class TestTasks {
    private TestTasks() {
    }

    /** Writes {@code model.txt} holding the epochs; fails when {@code train.fail} is set. */
    public static final class Train implements Task {
        @Override
        public String name() {
            return "fit";
        }

        @Override
        public void run(TaskContext context) throws IOException {
            JobTestConfig config = context.config().bind(JobTestConfig.class);
            if (config.train().fail()) {
                throw new IOException("disk full while writing the model");
            }
            Files.writeString(context.outputDir().resolve("model.txt"), "epochs=" + config.train().epochs());
            context.reportMetric("loss", 1.0 / config.train().epochs());
        }
    }

    /** Reads the latest successful {@code fit} output and reports a metric from it. */
    public static final class Evaluate implements Task {
        @Override
        public String name() {
            return "score";
        }

        @Override
        public void run(TaskContext context) throws IOException {
            Path trained = context.latestOutput("fit")
                    .orElseThrow(() -> new IllegalStateException("fit has not run for this build"));
            String model = Files.readString(trained.resolve("model.txt"));
            Files.writeString(context.outputDir().resolve("evaluated-from.txt"), trained.toString());
            context.reportMetric("epochs", Double.parseDouble(model.substring("epochs=".length())));
            context.reportMetric("accuracy", 0.75);
        }
    }

    /** A project's own task: nothing standard about it. */
    public static final class CountRows implements Task {
        @Override
        public String name() {
            return "count-rows";
        }

        @Override
        public void run(TaskContext context) throws IOException {
            Files.writeString(context.outputDir().resolve("rows.txt"), "3");
            context.reportMetric("rows", 3);
        }
    }

    /** Another provider named {@code fit}. */
    public static final class OtherTrain implements Task {
        @Override
        public String name() {
            return "fit";
        }

        @Override
        public void run(TaskContext context) {
            // never run: its name clashes
        }
    }
}
