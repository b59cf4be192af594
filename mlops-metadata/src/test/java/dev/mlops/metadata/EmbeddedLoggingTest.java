// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.testkit.console.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: embedded in an application, the SDK printed Hibernate Validator's {@code HV000001} start-up line to stderr
 * through java.util.logging. Library code logs through SLF4J only (STYLE 15).
 */
class EmbeddedLoggingTest {
    private static final Pattern SLF4J_API = Pattern.compile("(.*)slf4j-api([/\\\\])([^/\\\\]+)\\2slf4j-api-\\3\\.jar");

    @Test
    void validate_printsNothingWhenTheApplicationBindsSlf4jToNop() throws Exception {
        List<String> cp = new ArrayList<>(ChildJvm.classPath().stream()
                .filter(e -> !e.contains("slf4j-simple") && !e.contains("logback")).collect(Collectors.toList()));
        Path nop = nopBinding(cp);
        boolean bound = nop != null && Files.isRegularFile(nop);
        if (bound) {
            cp.add(nop.toString());
        }
        ChildJvm.Result r = ChildJvm.run(ValidateProbe.class, List.of(), cp);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        // Without a binding, SLF4J itself says so; that notice is SLF4J's, and any other line is ours.
        assertThat(r.stderr().lines().filter(l -> bound || !l.startsWith("SLF4J")))
                .as(r.describe()).isEmpty();
    }

    @Test
    void validate_logsTheValidatorStartUpThroughSlf4j() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ValidateProbe.class, List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"),
                e -> true);

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        assertThat(r.stderr()).as(r.describe())
                .contains("INFO org.hibernate.validator.internal.util.Version - HV000001")
                .doesNotContain("<clinit>");
    }

    /** slf4j-nop of the same version as the slf4j-api on the class path, in the same Maven repository. */
    private static Path nopBinding(List<String> cp) {
        for (String e : cp) {
            Matcher m = SLF4J_API.matcher(e);
            if (m.matches()) {
                String sep = m.group(2);
                return Path.of(m.group(1) + "slf4j-nop" + sep + m.group(3) + sep + "slf4j-nop-" + m.group(3) + ".jar");
            }
        }
        return null;
    }
}
