// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ProviderPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of the verbs that load a model. */
final class RuntimeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec verb;

    @Option(names = "--providers", split = ",", paramLabel = "P", converter = ProviderName.class,
            description = "Execution providers in order of preference: tensorrt, cuda, cpu (default: those the "
                    + "ONNX Runtime jar has, GPU first).")
    @Nullable List<ExecutionProvider> providers;

    @Option(names = "--require-provider",
            description = "Fail instead of falling back when the first provider cannot serve.")
    boolean require;

    @Option(names = "--trust", paramLabel = "KEY", arity = "1..*",
            description = "Accept only bundles signed by one of these Ed25519 public keys (PEM files; docs/signing.md).")
    @Nullable List<Path> trust;

    /** @return the trusted keys, when --trust was given */
    Optional<TrustedKeys> trustedKeys() {
        return trust == null || trust.isEmpty() ? Optional.empty()
                : Optional.of(TrustedKeys.read(trust.toArray(Path[]::new)));
    }

    ModelRuntime build() {
        return build(ModelRuntime.AdequacyPolicy.REQUIRED);
    }

    ModelRuntime build(ModelRuntime.AdequacyPolicy cases) {
        return builder(cases).build();
    }

    /** A runtime builder with these options set, for a verb that adds options of its own. */
    ModelRuntime.Builder builder(ModelRuntime.AdequacyPolicy cases) {
        ModelRuntime.Builder b = ModelRuntime.newBuilder().adequacyPolicy(cases);
        if (providers != null && !providers.isEmpty()) {
            if (Set.copyOf(providers).size() != providers.size()) {
                throw new CommandLine.ParameterException(verb.commandLine(),
                        "--providers names a provider twice: " + providers);
            }
            b.providers(providers.toArray(ExecutionProvider[]::new));
        }
        if (require) {
            b.providerPolicy(ProviderPolicy.REQUIRED);
        }
        trustedKeys().ifPresent(b::trust);
        return b;
    }

    /** Parses a provider name; an unknown one is a usage error naming the known ones. */
    static final class ProviderName implements CommandLine.ITypeConverter<ExecutionProvider> {
        @Override
        public ExecutionProvider convert(String value) {
            try {
                return ExecutionProvider.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
