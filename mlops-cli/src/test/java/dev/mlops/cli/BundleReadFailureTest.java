// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidBundleException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 8: a failure while reading a bundle is exit 2 naming the bundle, never 70 and never "a case failed". */
class BundleReadFailureTest {
    @Test
    void reading_turnsAnUntypedRuntimeExceptionIntoAnInvalidBundleNamingItAndTheFailure() {
        Path bundle = Path.of("some/bundle.zip");
        assertThatThrownBy(() -> Verb.reading(bundle, () -> {
            throw new NumberFormatException("For input string: \"99999999999999999999\"");
        })).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("bundle.zip: cannot be read: java.lang.NumberFormatException")
                .hasMessageContaining("99999999999999999999")
                .satisfies(e -> assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.INVALID));
    }

    @Test
    void reading_passesDomainExceptionsThroughUnchanged() {
        IntegrityException integrity = new IntegrityException("model.onnx", "sha256 differs");
        assertThatThrownBy(() -> Verb.reading(Path.of("b"), () -> {
            throw integrity;
        })).isSameAs(integrity);
    }

    @Test
    void outOfMemory_isAResourceFailureExit2NamingTheHeapToRaise() {
        ResourceLimitException e = ResourceLimitException.outOfMemory("big.zip",
                new OutOfMemoryError("Java heap space"));
        assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.INVALID);
        assertThat(e).hasMessageContaining("big.zip").hasMessageContaining("Java heap space")
                .hasMessageContaining("-Xmx");
        StringWriter err = new StringWriter();
        assertThat(ExitCodes.report(e, new PrintWriter(err, true), new PrintWriter(new StringWriter()), false))
                .isEqualTo(ExitCodes.INVALID);
        assertThat(err.toString()).startsWith("mlops: big.zip: ran out of memory").doesNotContain("internal error");
    }
}
