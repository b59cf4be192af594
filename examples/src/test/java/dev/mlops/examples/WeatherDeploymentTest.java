// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.delivery.RolloutEvent;
import dev.mlops.runtime.monitoring.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment example runs end to end and every step happens as its Javadoc tells. */
class WeatherDeploymentTest {
    @TempDir
    Path tmp;

    @Test
    void deployment_servesRefusesRollsOutDetectsDriftAndRefusesABrokenCandidate() {
        long sessionsBefore = ModelRuntime.openSessions();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WeatherDeployment.Outcome o = WeatherDeployment.run(tmp.resolve("work"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String story = printed.toString(StandardCharsets.UTF_8);

        assertThat(o.jerusalemServedBy()).isEqualTo("weather 1.1.0");
        assertThat(o.hebronRefusal()).contains("weather 1.1.0: area is [Jerusalem, Beit-Shemesh], not Hebron");
        assertThat(o.rollout()).map(e -> e.getClass().getSimpleName()).containsSubsequence("Started", "CheckPassed",
                "CheckPassed", "CheckPassed", "Promoted", "CheckPassed", "CheckPassed", "Completed", "Refused");
        assertThat(o.rollout()).filteredOn(RolloutEvent.RolledBack.class::isInstance).isEmpty();
        assertThat(o.rollout()).filteredOn(RolloutEvent.Refused.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RolloutEvent.Refused) e).reason()).contains("AdequacyFailure"));
        assertThat(o.hebronServedBy()).isEqualTo("weather 1.2.0");
        assertThat(o.driftBeforeHeatWave()).as("alarms on data like the training data").isEmpty();
        assertThat(o.heatWaveDrift()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.verdict().feature()).isEqualTo("celsius");
            assertThat(d.model().version()).isEqualTo("1.2.0");
        });
        assertThat(o.servingAtEnd().version()).hasToString("1.2.0");
        assertThat(o.monitored().errors().getOrDefault(ErrorKind.OTHER, 0L)).isZero();
        assertThat(story).contains("refused: ", "rollout: ", "monitor: drift in weather 1.2.0 features.celsius");
        assertThat(o.report()).content().contains("weather", "1.1.0", "1.2.0", "celsius", "DRIFTED");
        assertThat(ModelRuntime.openSessions()).as("sessions left").isEqualTo(sessionsBefore);
    }
}
