// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.bundle.Manifest;
import dev.mlops.metadata.bundle.SigningKey;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ProviderPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java blocks of {@code docs/gpu.md} and {@code docs/signing.md}, verbatim (see {@link MarkdownSnippetsTest}), run. */
class DocsJavaSnippetsTest {
    @TempDir
    Path tmp;

    @Test
    void gpuDoc_fallsBackToTheCpuWherePreferred() {
        Path bundle = Path.of("bundles/linear/1.0.0");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // tag::gpu-providers[]
            try (ModelRuntime runtime = ModelRuntime.newBuilder()
                    .providers(ExecutionProvider.CUDA, ExecutionProvider.CPU)   // the default with the GPU jar
                    .providerPolicy(ProviderPolicy.PREFERRED)                    // or REQUIRED: fail instead of falling back
                    .build();
                    RuntimeModel model = runtime.open(bundle)) {
                System.out.println("served on " + model.executionProvider()); // "cuda", or "cpu" after a fallback
            }
            // end::gpu-providers[]
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).containsAnyOf("served on cuda", "served on cpu");
    }

    @Test
    void signingDoc_signsPacksAndVerifies() throws IOException {
        Path keys = Files.createDirectories(tmp.resolve("keys"));
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        Path export = Files.createDirectories(tmp.resolve("export/linear"));
        try (Stream<Path> files = Files.list(Path.of("bundles/linear/1.0.0"))) {
            for (Path f : files.toList()) {
                Files.copy(f, export.resolve(f.getFileName()));
            }
        }
        // tag::signing[]
        // once: a key pair (or `mlops keygen key.pem key.pub.pem`)
        SigningKey.generate().write(keys.resolve("key.pem"), keys.resolve("key.pub.pem"));

        // when packing: manifest.json, then manifest.sig, both written atomically; the zip holds both
        SigningKey key = SigningKey.read(keys.resolve("key.pem"));
        Manifest m = Bundles.pack(export, dist.resolve("linear.zip"), key);

        // when loading: refuse anything not signed by a trusted key
        BundleReader reader = BundleReader.newBuilder()
                .trust(TrustedKeys.read(keys.resolve("key.pub.pem")))
                .build();
        try (Bundle bundle = reader.open(dist.resolve("linear.zip"))) {
            List<String> signers = bundle.signature().orElseThrow().verifiedBy();
        }
        // end::signing[]
        try (Bundle bundle = reader.open(dist.resolve("linear.zip"))) {
            assertThat(bundle.signature().orElseThrow().verifiedBy()).hasSize(1);
        }
        assertThat(m.deliveryId()).startsWith("sha256:");
        assertThat(export.resolve("manifest.sig")).isRegularFile();
    }
}
