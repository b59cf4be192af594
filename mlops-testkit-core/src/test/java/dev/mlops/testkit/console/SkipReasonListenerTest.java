// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Skipped and aborted tests are named on the console with their reason: one line each, one per reason for invocations. */
class SkipReasonListenerTest {

    @Test
    void skippedAndAbortedTests_printOneLineEachWithTheReason() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SkipReasonListener listener = new SkipReasonListener(new PrintStream(out, true, StandardCharsets.UTF_8));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Sample.class))
                .build();
        // Its own launcher, without the registered listeners: the console shows nothing of this inner run.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        launcher.execute(request, listener);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().sorted().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("[SKIPPED] ").endsWith("Sample > disabled(): not today"),
                l -> assertThat(l).startsWith("[SKIPPED] ")
                        .endsWith("Sample > everyModel(int), 3 invocations: no GPU here: CUDA cannot create a session"),
                l -> assertThat(l).startsWith("[SKIPPED] ")
                        .endsWith("Sample > needsAGpu(): no GPU here: CUDA cannot create a session"));
    }

    @Test
    void theListener_isRegisteredForTheJUnitPlatform() {
        assertThat(ServiceLoader.load(TestExecutionListener.class).stream().map(p -> p.type().getName()))
                .contains(SkipReasonListener.class.getName());
    }

    /** Run only by the test above, through its own launcher. */
    static class Sample {
        @Test
        void needsAGpu() {
            Assumptions.assumeTrue(false, "no GPU here: CUDA cannot create a session");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void everyModel(int model) {
            Assumptions.assumeTrue(model < 0, "no GPU here: CUDA cannot create a session");
        }

        @Test
        @Disabled("not today")
        void disabled() {
        }

        @Test
        void runs() {
        }
    }
}
