package dev.mlops.cli;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ProviderPolicy;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the verbs that load a model. */
final class RuntimeOptions {
    @Option(names = "--providers", split = ",", paramLabel = "P",
            description = "Execution providers in order of preference: tensorrt, cuda, cpu (default: those the "
                    + "ONNX Runtime jar has, GPU first).")
    List<String> providers;

    @Option(names = "--require-provider",
            description = "Fail instead of falling back when the first provider cannot serve.")
    boolean require;

    ModelRuntime build() {
        return build(ModelRuntime.AdequacyPolicy.REQUIRED);
    }

    ModelRuntime build(ModelRuntime.AdequacyPolicy cases) {
        ModelRuntime.Builder b = ModelRuntime.newBuilder().adequacyPolicy(cases);
        if (providers != null && !providers.isEmpty()) {
            b.providers(providers.stream().map(ExecutionProvider::parse).toArray(ExecutionProvider[]::new));
        }
        if (require) {
            b.providerPolicy(ProviderPolicy.REQUIRED);
        }
        return b.build();
    }
}
