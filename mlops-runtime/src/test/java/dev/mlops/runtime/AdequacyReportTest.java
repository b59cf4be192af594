// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.metadata.cases.CaseTolerance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reports the runner builds: their text, their structure and the exception the gate throws. */
class AdequacyReportTest {
    private static final Tensor X = Tensor.ofFloats(new float[] {1f}, 1, 1);

    private static AdequacyCase fromFile(String id, long line, Tensor expectedY) {
        return new AdequacyCase(id, Map.of("x", X), Map.of("y", expectedY), Optional.of(CaseTolerance.of(1e-6, 0)),
                Optional.of(new CaseSource("adequacy/cases.jsonl", line)));
    }

    /** Three cases on a model returning y = [[1, 2, 3, 4]]: one passes, one is off at [0, 3], one throws. */
    private static AdequacyReport mixed() {
        Tensor y = Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 1, 4);
        List<AdequacyCase> cases = List.of(
                fromFile("good", 1, y),
                fromFile("y=2x+1 at 1", 2, Tensor.ofDoubles(new double[] {1, 2, 3, 3.5}, 1, 4)),
                AdequacyCase.of("boom", Map.of("x", Tensor.ofFloats(new float[] {9f}, 1, 1)), Map.of("y", y)));
        return AdequacyRunner.run("linear 1.0.0", "cpu", cases, Optional.empty(), in -> {
            if (in.get("x").getDouble(0) == 9) {
                throw new IllegalArgumentException("input 'x': dimension 1 must be 1, got 2 (shape [3, 2])");
            }
            return Map.of("y", y);
        });
    }

    @Test
    void passed_isFalseWhenAnyCaseFailed() {
        AdequacyReport report = mixed();
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(CaseResult::id).containsExactly("y=2x+1 at 1", "boom");
    }

    @Test
    void passed_isTrueWithoutCases() {
        assertThat(new AdequacyReport("m", "cpu", List.of()).passed()).isTrue();
    }

    @Test
    void describe_namesEachFailingCaseWithSourceOutputWorstElementValuesErrorsAndTolerance() {
        String text = mixed().describe();
        assertThat(text.lines()).containsExactly(
                "adequacy of linear 1.0.0 on cpu:",
                "  FAIL \"y=2x+1 at 1\" (adequacy/cases.jsonl:2): output 'y' element 3 [0, 3]: expected 3.5, actual 4.0,"
                        + " absolute error 0.5, relative error 0.14285714285714285, tolerance absolute 1.0E-6"
                        + " + relative 0.0 * |expected|",
                "  FAIL \"boom\": the model run failed: input 'x': dimension 1 must be 1, got 2 (shape [3, 2])",
                "1 of 3 adequacy cases passed on cpu");
    }

    @Test
    void describe_listsEveryFailedOutputOfACaseOnItsLine() {
        AdequacyCase c = AdequacyCase.of("two", Map.of("x", X), Map.of("a", X, "b", X));
        AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cuda", List.of(c), Optional.empty(),
                in -> Map.of("a", Tensor.ofFloats(new float[] {1f, 1f}, 1, 2), "b", Tensor.ofDoubles(new double[] {1}, 1, 1)));
        assertThat(report.describe()).contains("output 'a': expected shape [1, 1], got [1, 2]")
                .contains("output 'b': expected dtype float32, got float64")
                .endsWith("0 of 1 adequacy cases passed on cuda");
        assertThat(report.describe().lines().filter(l -> l.contains("FAIL"))).hasSize(1);
    }

    @Test
    void describe_showsOnlyTheSummaryWhenEveryCasePassed() {
        AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(fromFile("a", 1, X)), Optional.empty(),
                in -> Map.of("y", X));
        assertThat(report.describe().lines()).containsExactly("adequacy of m 1.0.0 on cpu:",
                "1 of 1 adequacy cases passed on cpu");
    }

    @Test
    void describe_showsStringMismatchText() {
        AdequacyCase c = AdequacyCase.of("label", Map.of("x", X),
                Map.of("y", Tensor.ofStrings(new String[] {"cat", "dog"}, 1, 2)));
        AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(c), Optional.empty(),
                in -> Map.of("y", Tensor.ofStrings(new String[] {"cat", "cow"}, 1, 2)));
        assertThat(report.describe()).contains("FAIL \"label\": output 'y' element 1 [0, 1]: expected \"dog\","
                + " actual \"cow\" (string elements must be equal)");
    }

    @Test
    void run_buildsOneSealedResultPerCase_comparedWithTheWorstElementOrErroredWithTheMessage() {
        AdequacyReport report = mixed();
        assertThat(report.cases()).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("Compared", "Compared", "Errored");
        assertThat(report.cases().get(1)).isEqualTo(new CaseResult.Compared("y=2x+1 at 1",
                Optional.of(new CaseSource("adequacy/cases.jsonl", 2)),
                List.of(new OutputResult.Numeric("y", new Tolerance(1e-6, 0), false,
                        new OutputResult.Element(3, List.of(0L, 3L), 3.5, 4.0, 0.5, 0.5 / 3.5)))));
        assertThat(report.cases().get(2)).isEqualTo(new CaseResult.Errored("boom", Optional.empty(),
                "input 'x': dimension 1 must be 1, got 2 (shape [3, 2])"));
    }

    @Test
    void toException_carriesTheReportAndFailedCaseIds() {
        AdequacyReport report = mixed();
        AdequacyFailureException e = report.toException();
        assertThat(e).hasMessage(report.describe());
        assertThat(e.failedCases()).containsExactly("y=2x+1 at 1", "boom");
        assertThat(e.report()).isSameAs(report);
    }

    @Test
    void toException_refusesAPassingReport() {
        assertThatThrownBy(() -> new AdequacyReport("m 1.0.0", "cpu", List.of()).toException())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("m 1.0.0");
    }
}
