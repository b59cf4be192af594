// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import static dev.mlops.runtime.delivery.DeliveryBundles.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryWatch;
import dev.mlops.runtime.repository.WatchMode;
import dev.mlops.runtime.serving.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository drives rollouts: a new complete version is tried by the plan and promoted by its rule. */
class FollowTest {
    @TempDir
    Path tmp;

    @Test
    void follow_startsARolloutForANewVersion_whichItsRulePromotes() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path v1 = DeliveryBundles.linear(root.resolve("linear/1.0.0"), 2f, "1.0.0");
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                        .stagingRoot(tmp.resolve("staging")).build();
                ModelRepository repo = ModelRepository.newBuilder(root).watchMode(WatchMode.POLLING)
                        .pollInterval(Duration.ofMillis(50)).debounce(Duration.ofMillis(50)).build();
                Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, v1))) {
            d.addListener(events::add);
            RolloutPlan plan = RolloutPlan.shadow().rule("shadow_disagreement_rate <= 0").rule("error_rate <= 0")
                    .windowCalls(5).promoteAfter(2).bakeWindows(1).build();
            try (RepositoryWatch watch = d.follow(repo, plan)) {
                assertThat(watch.isRunning()).isTrue();
                Path staged = DeliveryBundles.linear(tmp.resolve("built/1.1.0"), 2f, "1.1.0");
                Files.move(staged, root.resolve("linear/1.1.0"));
                await("a rollout of 1.1.0", () -> d.phase().isPresent());
                for (int i = 0; i < 3000 && d.phase().orElseThrow() != RolloutPhase.COMPLETED; i++) {
                    assertThat(d.predict(new float[][] {{i}})[0][0]).isEqualTo(2f * i);
                    if (i % 10 == 0) {
                        Thread.sleep(1);
                    }
                }
                await("completed", () -> events.stream().anyMatch(RolloutEvent.Completed.class::isInstance));
                assertThat(d.phase()).contains(RolloutPhase.COMPLETED);
            }
            assertThat(d.current().version()).hasToString("1.1.0");
            assertThat(events).map(e -> e.getClass().getSimpleName()).containsSubsequence("Started", "CheckPassed",
                    "CheckPassed", "Promoted", "CheckPassed", "Completed");
        }
        assertThat(ModelRuntime.openSessions()).as("sessions left").isEqualTo(sessionsBefore);
    }
}
