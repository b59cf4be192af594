// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.metadata.cases.AdequacyCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs adequacy cases through a prediction function and compares what it returns with what the cases expect.
 *
 * <p>Every case runs, whatever the others did. Only the outputs a case expects are compared, each with the
 * tolerance {@link AdequacyCase#toleranceFor} resolves. A numeric element matches when
 * {@link Tolerance#accepts(double, double)} does ({@code |a - e| <= absolute + relative * |e|}, NaN matching NaN,
 * an infinity only itself); bool and string elements must be equal.
 *
 * <p>Stateless and thread-safe.
 */
final class AdequacyRunner {
    private AdequacyRunner() {
    }

    /**
     * Runs every case and reports on each.
     *
     * @param model the model's name for the report, for example {@code "linear 1.0.0"}
     * @param provider the execution provider that serves the model, for example {@code "cpu"}
     * @param cases the cases, in the order to report them; each expects at least one output
     * @param spec the bundle's adequacy section, for tolerances, when it has one
     * @param predict runs the model on a case's inputs and returns its outputs by name; a
     *     {@link RuntimeException} it throws fails that case only
     * @return the report; never throws for a failing case
     * @throws IllegalArgumentException when a case expects no output (the case readers refuse one)
     */
    static AdequacyReport run(String model, String provider, List<AdequacyCase> cases,
            Optional<AdequacySpec> spec, Function<Map<String, Tensor>, ? extends Map<String, ? extends Value>> predict) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(cases, "cases");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(predict, "predict");
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (AdequacyCase c : cases) {
            results.add(runCase(Objects.requireNonNull(c, "case"), spec, predict));
        }
        return new AdequacyReport(model, provider, results);
    }

    /**
     * Runs one case.
     *
     * @param c the case; it expects at least one output
     * @param spec the bundle's adequacy section, when it has one
     * @param predict runs the model
     * @return the case's result: {@link CaseResult.Errored} with the message of what {@code predict} threw (or
     *     when it returned {@code null}), otherwise {@link CaseResult.Compared}
     * @throws IllegalArgumentException when the case expects no output, so it would compare nothing
     */
    static CaseResult runCase(AdequacyCase c, Optional<AdequacySpec> spec,
            Function<Map<String, Tensor>, ? extends Map<String, ? extends Value>> predict) {
        if (c.expected().isEmpty()) {
            throw new IllegalArgumentException(c.source().map(s -> s + ": ").orElse("") + expectsNothing(c));
        }
        Optional<CaseSource> source = c.source();
        Map<String, ? extends Value> actual;
        try {
            actual = predict.apply(c.inputs());
        } catch (RuntimeException e) {
            return new CaseResult.Errored(c.id(), source, messageOf(e));
        }
        if (actual == null) {
            return new CaseResult.Errored(c.id(), source, "the model returned no outputs (null)");
        }
        List<OutputResult> outputs = new ArrayList<>(c.expected().size());
        for (Map.Entry<String, Value> e : c.expected().entrySet()) {
            String name = e.getKey();
            Tolerance tolerance = c.toleranceFor(name, spec);
            outputs.add(OutputComparison.compare(name, e.getValue(), actual, tolerance));
        }
        return new CaseResult.Compared(c.id(), source, outputs);
    }

    /**
     * Says why a case that expects no output cannot run: it would compare nothing, so it would prove nothing.
     *
     * @param c a case whose {@link AdequacyCase#expected()} is empty
     * @return the message, naming the case
     */
    static String expectsNothing(AdequacyCase c) {
        return "case '" + c.id() + "' expects no output, so it would compare nothing (a case must expect at least one"
                + " output)";
    }

    private static String messageOf(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }
}
