// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.UntrustedBundleException;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.bundle.SigningKey;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ModelRuntime.newBuilder().trust(keys)}: only bundles signed by a trusted key reach ONNX Runtime. */
class TrustedRuntimeTest {
    @TempDir
    Path tmp;

    @Test
    void underTrust_aSignedBundleServesAndUnsignedOrUntrustedOnesAreRefusedBeforeLoading() {
        SigningKey team = SigningKey.generate();
        SigningKey other = SigningKey.generate();
        Path signed = TestBundles.packed(tmp.resolve("signed"), TestModels.linear(), "linear", "1.0.0");
        Bundles.pack(signed, team);
        Path untrusted = TestBundles.packed(tmp.resolve("untrusted"), TestModels.linear(), "linear", "1.0.0");
        Bundles.pack(untrusted, other);
        Path unsigned = TestBundles.packed(tmp.resolve("unsigned"), TestModels.linear(), "linear", "1.0.0");
        long sessions = ModelRuntime.openSessions();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU)
                .trust(TrustedKeys.of(team.publicKey())).build()) {
            assertThatThrownBy(() -> runtime.open(unsigned)).isInstanceOf(UntrustedBundleException.class)
                    .hasMessageContaining("manifest.sig");
            assertThatThrownBy(() -> runtime.open(untrusted)).isInstanceOf(UntrustedBundleException.class)
                    .hasMessageContaining(other.keyId());
            assertThat(runtime.cacheStats().misses()).as("nothing was loaded").isZero();
            assertThat(ModelRuntime.openSessions()).isEqualTo(sessions);
            try (RuntimeModel m = runtime.open(signed)) {
                assertThat(m.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
            }
        }
    }

    @Test
    void trustAndAConfiguredReader_cannotBothBeSet() {
        ModelRuntime.Builder b = ModelRuntime.newBuilder().trust(TrustedKeys.of(SigningKey.generate().publicKey()));
        assertThatThrownBy(() -> b.bundleReader(dev.mlops.metadata.bundle.BundleReader.standard()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set it on the reader");
    }
}
