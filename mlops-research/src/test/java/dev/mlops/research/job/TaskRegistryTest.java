// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.MlopsException;
import dev.mlops.api.job.Task;
import dev.mlops.api.job.TaskContext;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Tasks found with ServiceLoader through META-INF/services files in test resources, as a project's jar offers them. */
class TaskRegistryTest {

    /** A class loader that sees one test-resource folder as an extra class-path entry, as a project's jar. */
    static URLClassLoader jar(String folder) {
        URL url = Objects.requireNonNull(TaskRegistryTest.class.getResource("/tasks/" + folder + "/"), folder);
        return new URLClassLoader(new URL[] {url}, TaskRegistryTest.class.getClassLoader());
    }

    @Test
    void discover_findsEveryTaskListedInMetaInfServices() throws Exception {
        try (URLClassLoader loader = jar("standard")) {
            TaskRegistry tasks = TaskRegistry.discover(loader);

            assertThat(tasks.names()).contains("fit", "score", "count-rows");
            assertThat(tasks.require("count-rows")).isInstanceOf(TestTasks.CountRows.class);
            assertThat(tasks.find("nothing")).isEmpty();
        }
    }

    @Test
    void discover_twoProvidersOfOneName_isAnErrorNamingBothClasses() throws Exception {
        try (URLClassLoader loader = jar("duplicate")) {
            assertThatThrownBy(() -> TaskRegistry.discover(loader))
                    .isInstanceOf(DuplicateTaskException.class)
                    .hasMessageContaining("'fit'")
                    .hasMessageContaining(TestTasks.Train.class.getName())
                    .hasMessageContaining(TestTasks.OtherTrain.class.getName());
        }
    }

    @Test
    void require_unknownName_listsTheAvailableTasks() throws Exception {
        try (URLClassLoader loader = jar("standard")) {
            TaskRegistry tasks = TaskRegistry.discover(loader);

            assertThatThrownBy(() -> tasks.require("trian"))
                    .isInstanceOf(TaskNotFoundException.class)
                    .hasMessageStartingWith("no task named 'trian'; available: ")
                    .hasMessageContaining("count-rows, evaluate")
                    .satisfies(e -> assertThat(((TaskNotFoundException) e).available())
                            .contains("count-rows", "fit", "score"));
        }
    }

    @Test
    void of_rejectsANameThatCannotBeADirectory() {
        Task bad = new Task() {
            @Override
            public String name() {
                return "../escape";
            }

            @Override
            public void run(TaskContext context) {
                // never run
            }
        };

        assertThatThrownBy(() -> TaskRegistry.of(List.of(bad))).isInstanceOf(MlopsException.class)
                .hasMessageContaining("'../escape'");
    }

    @Test
    void of_aRegistryWithoutTasks_saysHowToAddSome() {
        assertThatThrownBy(() -> TaskRegistry.of(List.of()).require("train"))
                .hasMessageContaining("META-INF/services/dev.mlops.api.job.Task");
    }
}
