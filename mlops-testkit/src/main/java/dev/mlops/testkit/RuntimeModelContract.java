// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * The behaviour every {@link RuntimeModel} implementation owes its callers, as JUnit 5 dynamic tests: declared
 * outputs, determinism, batch consistency, the operating envelope, finite outputs and thread safety.
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> contract() {
 *     return RuntimeModelContract.of(() -> new MyWrapper(runtime.open(bundle)), List.of(sampleInputs)).tests();
 * }
 * }</pre>
 *
 * <p>Each check calls the supplier once, runs on the model it returns, and closes it. The checks are:
 * <ol>
 *   <li>predict returns every declared output with its declared dtype and a shape its spec accepts;</li>
 *   <li>determinism: each sample run twice gives identical outputs;</li>
 *   <li>batch consistency: when every input's first dimension is dynamic, the samples concatenated along axis 0
 *       give the outputs of the samples run one at a time, within the metadata's adequacy tolerance (skipped
 *       otherwise);</li>
 *   <li>envelope: for each constraint bound, a sample with the constrained elements set to the bound is served, and
 *       set to the next value the dtype represents beyond it is refused with an
 *       {@link dev.mlops.api.EnvelopeViolationException} ({@code reject}) or served ({@code warn}); skipped when the
 *       metadata declares no constraint;</li>
 *   <li>finite outputs: no NaN or infinity for the samples;</li>
 *   <li>threads: {@value BehaviourChecks#THREADS} threads x {@value BehaviourChecks#RUNS_PER_THREAD} runs over the
 *       samples get the outputs one thread gets.</li>
 * </ol>
 * Samples must lie inside the operating envelope. Failures throw {@link AssertionFailedError} listing every sample
 * and output at fault.
 *
 * <p>Immutable and thread-safe; the tests it returns are meant to run one at a time, as JUnit runs them.
 *
 * @since 0.1.0
 */
public final class RuntimeModelContract {
    private final Supplier<? extends RuntimeModel> model;
    private final Supplier<List<Sample>> samples;

    RuntimeModelContract(Supplier<? extends RuntimeModel> model, Supplier<List<Sample>> samples) {
        this.model = model;
        this.samples = samples;
    }

    /**
     * Creates the contract for a model.
     *
     * @param model returns a fresh model (or handle) each time; every check closes the one it gets
     * @param sampleInputs valid inputs inside the operating envelope, one map of tensors by input name per sample;
     *     at least one
     * @return the contract
     * @throws IllegalArgumentException when there is no sample, or a sample has no input
     * @throws NullPointerException when an argument, a sample or a tensor is {@code null}
     */
    public static RuntimeModelContract of(Supplier<RuntimeModel> model, List<Map<String, Tensor>> sampleInputs) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sampleInputs, "sampleInputs");
        if (sampleInputs.isEmpty()) {
            throw new IllegalArgumentException("sampleInputs: give at least one sample");
        }
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < sampleInputs.size(); i++) {
            Map<String, Tensor> inputs = Objects.requireNonNull(sampleInputs.get(i), "sampleInputs[" + i + "]");
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("sampleInputs[" + i + "]: a sample needs at least one input");
            }
            list.add(new Sample("sample " + i, inputs));
        }
        List<Sample> copy = List.copyOf(list);
        return new RuntimeModelContract(model, () -> copy);
    }

    /**
     * Returns one dynamic test per check, named for what it checks, for a {@code @TestFactory}.
     *
     * @return the tests, in the order listed above
     */
    public Stream<DynamicTest> tests() {
        return Stream.of(
                test("predict returns every declared output with its declared dtype and shape",
                        BehaviourChecks::declaredOutputs),
                test("determinism: the same inputs twice give identical outputs", BehaviourChecks::determinism),
                test("batch consistency: samples batched along axis 0 give their one-at-a-time outputs",
                        BehaviourChecks::batchConsistency),
                test("envelope: constraints accept their limits and reject values beyond", BehaviourChecks::envelope),
                test("finite outputs: no NaN or infinity", BehaviourChecks::finiteOutputs),
                test("threads: " + BehaviourChecks.THREADS + " threads x " + BehaviourChecks.RUNS_PER_THREAD
                        + " runs get the single-thread outputs", BehaviourChecks::threads));
    }

    private DynamicTest test(String name, BiConsumer<RuntimeModel, List<Sample>> check) {
        return DynamicTest.dynamicTest(name, () -> {
            List<Sample> inputs = samples.get();
            Assumptions.assumeFalse(inputs.isEmpty(), "no sample inputs to run the model on");
            RuntimeModel m = Objects.requireNonNull(model.get(), "the model supplier returned null");
            try {
                check.accept(m, inputs);
            } finally {
                m.close();
            }
        });
    }
}
