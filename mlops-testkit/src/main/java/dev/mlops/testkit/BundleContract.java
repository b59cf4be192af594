// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Everything a bundle must satisfy to be served, as JUnit 5 dynamic tests: one line in an application's tests.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> bundle() {
 *     return BundleContract.of(Path.of("my-model.zip")).tests();
 * }
 * }</pre>
 *
 * <p>The checks, each its own test: manifest integrity ({@link Bundles#open}); metadata valid (schema, cross-field
 * rules, the files it names, the adequacy cases readable); graph signature matches the metadata
 * ({@link BundleValidation#validate(Path)}); adequacy cases pass ({@link ModelRuntime#verify}, failing with
 * {@link dev.mlops.api.adequacy.AdequacyReport#describe()}); then the behavioural checks of
 * {@link RuntimeModelContract} on the bundle's model, with the inputs of its model-form adequacy cases as samples.
 *
 * <p>Every check that loads the model builds its own {@link ModelRuntime} and closes it, with the model, before it
 * ends, so nothing outlives the tests whichever of them run.
 *
 * <p>Immutable and thread-safe; the tests it returns are meant to run one at a time, as JUnit runs them.
 *
 * @since 0.1.0
 */
public final class BundleContract {
    private final Path bundle;
    private final Consumer<ModelRuntime.Builder> configure;

    private BundleContract(Path bundle, Consumer<ModelRuntime.Builder> configure) {
        this.bundle = bundle;
        this.configure = configure;
    }

    /**
     * Creates the contract for a bundle, loaded by a runtime with default options.
     *
     * @param bundle the bundle directory or {@code .zip}
     * @return the contract
     * @throws NullPointerException when {@code bundle} is {@code null}
     */
    public static BundleContract of(Path bundle) {
        return of(bundle, builder -> { });
    }

    /**
     * Creates the contract for a bundle, loaded by runtimes configured like the application's, for example with
     * its processors or execution providers.
     *
     * @param bundle the bundle directory or {@code .zip}
     * @param configure sets options on a fresh {@link ModelRuntime.Builder}; called once per check that loads the
     *     model
     * @return the contract
     * @throws NullPointerException when an argument is {@code null}
     */
    public static BundleContract of(Path bundle, Consumer<ModelRuntime.Builder> configure) {
        return new BundleContract(Objects.requireNonNull(bundle, "bundle"), Objects.requireNonNull(configure,
                "configure"));
    }

    /**
     * Returns one dynamic test per check, named for what it checks, for a {@code @TestFactory}.
     *
     * @return the bundle checks, then the behavioural checks
     */
    public Stream<DynamicTest> tests() {
        Stream<DynamicTest> bundleChecks = Stream.of(
                test("manifest integrity: every file listed, present and unchanged",
                        () -> Bundles.open(bundle).close()),
                test("metadata valid: schema, rules, and the files it names", this::checkMetadata),
                test("graph signature matches the metadata", () -> BundleValidation.validate(bundle)),
                test("adequacy cases pass", this::checkAdequacy));
        RuntimeModelContract behaviour = new RuntimeModelContract(this::openModel, memoize(this::caseInputs));
        return Stream.concat(bundleChecks, behaviour.tests());
    }

    private DynamicTest test(String name, Executable check) {
        return DynamicTest.dynamicTest(name, () -> {
            try {
                check.execute();
            } catch (MlopsException e) {
                throw new AssertionFailedError(bundle + ": " + e.getMessage(), e);
            }
        });
    }

    private void checkMetadata() {
        try (Bundle opened = Bundles.openUnverified(bundle)) {
            ModelMetadata meta = readMetadata(opened);
            requireFile(opened, meta.artifact().path(), "artifact.path");
            if (meta.adequacy().isPresent()) {
                requireFile(opened, meta.adequacy().get().cases(), "adequacy.cases");
                CaseReader.read(opened, meta);
            }
        }
    }

    private static ModelMetadata readMetadata(Bundle opened) {
        requireFile(opened, Metadata.FILE_NAME, null);
        return Metadata.read(opened.resolve(Metadata.FILE_NAME)).metadata();
    }

    private static void requireFile(Bundle opened, String path, @Nullable String field) {
        if (!opened.contains(path)) {
            throw new AssertionFailedError(opened.source() + ": " + path + " is missing"
                    + (field == null ? "" : " (metadata.json " + field + " names it)"));
        }
    }

    private void checkAdequacy() {
        try (ModelRuntime runtime = runtime()) {
            ModelRuntime.Verification v = runtime.verify(bundle);
            if (!v.passed()) {
                throw new AssertionFailedError(bundle + ": " + v.adequacy().describe());
            }
        }
    }

    private ModelRuntime runtime() {
        ModelRuntime.Builder builder = ModelRuntime.newBuilder();
        configure.accept(builder);
        return builder.build();
    }

    private RuntimeModel openModel() {
        ModelRuntime runtime = runtime();
        try {
            return new OwningModel(runtime.open(bundle), runtime);
        } catch (RuntimeException e) {
            runtime.close();
            throw new AssertionFailedError("cannot open " + bundle + " to run this check: " + e.getMessage(), e);
        }
    }

    private List<Sample> caseInputs() {
        try (Bundle opened = Bundles.openUnverified(bundle)) {
            List<AdequacyCase> cases = CaseReader.read(opened, readMetadata(opened));
            return cases.stream().filter(c -> !c.raw()).map(c -> new Sample("case \"" + c.id() + "\""
                    + c.source().map(s -> " (" + s.file() + ":" + s.line() + ")").orElse(""), c.inputs())).toList();
        } catch (MlopsException e) {
            throw new AssertionFailedError("cannot read the adequacy cases of " + bundle + ": " + e.getMessage(), e);
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private @Nullable T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
