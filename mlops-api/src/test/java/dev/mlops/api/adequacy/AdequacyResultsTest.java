// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.adequacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The adequacy result values: one record per kind of outcome, validated, copied, and rendered as the gate reports. */
class AdequacyResultsTest {
    static final Tolerance TIGHT = new Tolerance(1e-6, 0);
    static final Optional<CaseSource> LINE_2 = Optional.of(new CaseSource("adequacy/cases.jsonl", 2));

    static OutputResult.Numeric offAtThree() {
        return new OutputResult.Numeric("y", TIGHT, false,
                new OutputResult.Element(3, List.of(0L, 3L), 3.5, 4.0, 0.5, 0.14285714285714285));
    }

    static OutputResult.Numeric close() {
        return new OutputResult.Numeric("y", TIGHT, true, new OutputResult.Element(0, List.of(0L), 1, 1, 0, 0));
    }

    static AdequacyReport mixed() {
        return new AdequacyReport("linear 1.0.0", "cpu", List.of(
                new CaseResult.Compared("good", Optional.of(new CaseSource("adequacy/cases.jsonl", 1)),
                        List.of(close())),
                new CaseResult.Compared("y=2x+1 at 1", LINE_2, List.of(offAtThree())),
                new CaseResult.Errored("boom", Optional.empty(), "input 'x': dimension 1 must be 1")));
    }

    @Nested
    class Describe {
        @Test
        void report_namesEachFailingCaseThenTheSummary() {
            assertThat(mixed().describe().lines()).containsExactly(
                    "adequacy of linear 1.0.0 on cpu:",
                    "  FAIL \"y=2x+1 at 1\" (adequacy/cases.jsonl:2): output 'y' element 3 [0, 3]: expected 3.5,"
                            + " actual 4.0, absolute error 0.5, relative error 0.14285714285714285, tolerance absolute"
                            + " 1.0E-6 + relative 0.0 * |expected|",
                    "  FAIL \"boom\": the model run failed: input 'x': dimension 1 must be 1",
                    "1 of 3 adequacy cases passed on cpu");
        }

        @Test
        void numeric_describesTheWorstElementEvenWhenItPassed() {
            assertThat(close().describe()).isEqualTo("output 'y' element 0 [0]: expected 1.0, actual 1.0, absolute"
                    + " error 0.0, relative error 0.0, tolerance absolute 1.0E-6 + relative 0.0 * |expected|");
        }

        @Test
        void exact_quotesAndEscapesStringsButNotBools() {
            OutputResult.Exact s = new OutputResult.Exact("label", DataType.STRING, Tolerance.DEFAULT,
                    Optional.of(new OutputResult.Mismatch(1, List.of(0L, 1L), "a\nb", "a\"b")));
            assertThat(s.describe()).isEqualTo("output 'label' element 1 [0, 1]: expected \"a\\nb\", actual"
                    + " \"a\\\"b\" (string elements must be equal)");
            assertThat(s.problem()).contains("expected \"a\\nb\", actual \"a\\\"b\" (string elements must be equal)");
            OutputResult.Exact b = new OutputResult.Exact("flag", DataType.BOOL, Tolerance.DEFAULT,
                    Optional.of(new OutputResult.Mismatch(0, List.of(), "false", "true")));
            assertThat(b.describe()).isEqualTo("output 'flag' element 0 []: expected false, actual true (bool elements"
                    + " must be equal)");
        }

        @Test
        void exact_passesWithoutMismatch() {
            OutputResult.Exact r = new OutputResult.Exact("label", DataType.STRING, Tolerance.DEFAULT,
                    Optional.empty());
            assertThat(r.passed()).isTrue();
            assertThat(r.problem()).isEmpty();
            assertThat(r.describe()).isEqualTo("output 'label': passed");
        }

        @Test
        void structural_neverPassesAndSaysWhatDiffers() {
            OutputResult r = new OutputResult.Structural("a", Tolerance.DEFAULT, "expected shape [1, 1], got [1, 2]");
            assertThat(r.passed()).isFalse();
            assertThat(r.describe()).isEqualTo("output 'a': expected shape [1, 1], got [1, 2]");
        }

        @Test
        void compared_joinsEveryFailedOutputOnOneLine() {
            CaseResult c = new CaseResult.Compared("two", Optional.empty(), List.of(
                    new OutputResult.Structural("a", Tolerance.DEFAULT, "expected shape [1, 1], got [1, 2]"),
                    close(),
                    new OutputResult.Structural("b", Tolerance.DEFAULT, "expected dtype float32, got float64")));
            assertThat(c.describe()).isEqualTo("\"two\": output 'a': expected shape [1, 1], got [1, 2]; output 'b':"
                    + " expected dtype float32, got float64");
            assertThat(c.failedOutputs()).extracting(OutputResult::output).containsExactly("a", "b");
        }

        @Test
        void compared_saysPassedWhenEveryOutputPassed() {
            CaseResult c = new CaseResult.Compared("ok", LINE_2, List.of(close()));
            assertThat(c.passed()).isTrue();
            assertThat(c.describe()).isEqualTo("\"ok\" (adequacy/cases.jsonl:2): passed");
        }

        @Test
        void errored_failsWithoutOutputs() {
            CaseResult c = new CaseResult.Errored("c", Optional.empty(), "boom");
            assertThat(c.passed()).isFalse();
            assertThat(c.failedOutputs()).isEmpty();
            assertThat(c.describe()).isEqualTo("\"c\": the model run failed: boom");
        }

        @Test
        void caseSource_rendersFileColonLine() {
            assertThat(new CaseSource("adequacy_test.csv", 3)).hasToString("adequacy_test.csv:3");
        }
    }

    @Nested
    class Report {
        @Test
        void passed_isTrueWithoutCases() {
            AdequacyReport report = new AdequacyReport("m", "cpu", List.of());
            assertThat(report.passed()).isTrue();
            assertThat(report.failures()).isEmpty();
        }

        @Test
        void failures_areTheFailedCasesInOrder() {
            assertThat(mixed().passed()).isFalse();
            assertThat(mixed().failures()).extracting(CaseResult::id).containsExactly("y=2x+1 at 1", "boom");
        }

        @Test
        void toException_carriesTheReportTheTextAndTheFailedIds() {
            AdequacyReport report = mixed();
            AdequacyFailureException e = report.toException();
            assertThat(e).hasMessage(report.describe());
            assertThat(e.report()).isSameAs(report);
            assertThat(e.failedCases()).containsExactly("y=2x+1 at 1", "boom");
            assertThatThrownBy(() -> e.failedCases().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void toException_refusesAPassingReport() {
            assertThatThrownBy(() -> new AdequacyReport("m 1.0.0", "cpu", List.of()).toException())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("m 1.0.0");
        }

        @Test
        void exception_refusesAPassingReportAndNull() {
            AdequacyReport passing = new AdequacyReport("m 1.0.0", "cpu",
                    List.of(new CaseResult.Compared("ok", Optional.empty(), List.of(close()))));
            assertThatThrownBy(() -> new AdequacyFailureException(passing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("report: ");
            assertThatThrownBy(() -> new AdequacyFailureException(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("report");
        }
    }

    @Nested
    class Values {
        @Test
        void hierarchies_areClosed() {
            assertThat(CaseResult.class.getPermittedSubclasses())
                    .containsExactlyInAnyOrder(CaseResult.Compared.class, CaseResult.Errored.class);
            assertThat(OutputResult.class.getPermittedSubclasses()).containsExactlyInAnyOrder(
                    OutputResult.Numeric.class, OutputResult.Exact.class, OutputResult.Composite.class,
                    OutputResult.Structural.class);
        }

        @Test
        void records_copyTheirLists() {
            List<OutputResult> outputs = new ArrayList<>(List.of(close()));
            CaseResult.Compared c = new CaseResult.Compared("c", Optional.empty(), outputs);
            outputs.add(new OutputResult.Structural("y", Tolerance.DEFAULT, "missing"));
            assertThat(c.outputs()).hasSize(1);
            assertThat(c.passed()).isTrue();
            List<CaseResult> cases = new ArrayList<>(List.of(c));
            AdequacyReport report = new AdequacyReport("m", "cpu", cases);
            cases.clear();
            assertThat(report.cases()).hasSize(1);
            assertThatThrownBy(() -> report.cases().clear()).isInstanceOf(UnsupportedOperationException.class);
            List<Long> position = new ArrayList<>(List.of(0L, 3L));
            OutputResult.Element e = new OutputResult.Element(3, position, 1, 2, 1, 1);
            position.clear();
            assertThat(e.position()).containsExactly(0L, 3L);
            assertThatThrownBy(() -> e.position().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void compared_refusesACaseThatComparedNothing() {
            assertThatThrownBy(() -> new CaseResult.Compared("c", Optional.empty(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("outputs: ");
        }

        @Test
        void errored_andStructural_mustSayWhy() {
            assertThatThrownBy(() -> new CaseResult.Errored("c", Optional.empty(), " "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("error: ");
            assertThatThrownBy(() -> new OutputResult.Structural("y", Tolerance.DEFAULT, ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("problem: ");
        }

        @Test
        void numeric_refusesAPassedFlagTheWorstElementContradicts() {
            OutputResult.Element off = offAtThree().worst();
            assertThatThrownBy(() -> new OutputResult.Numeric("y", TIGHT, true, off))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("passed: true");
            assertThatThrownBy(() -> new OutputResult.Numeric("y", TIGHT, false, close().worst()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("passed: false");
        }

        @Test
        void exact_takesOnlyBoolAndStringOutputs() {
            assertThatThrownBy(() -> new OutputResult.Exact("y", DataType.FLOAT32, Tolerance.DEFAULT,
                    Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dtype: ");
            assertThatThrownBy(() -> new OutputResult.Exact("y", DataType.BOOL, Tolerance.DEFAULT,
                    Optional.of(new OutputResult.Mismatch(0, List.of(), "yes", "no"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("mismatch: ");
        }

        @Test
        void mismatch_refusesEqualElements() {
            assertThatThrownBy(() -> new OutputResult.Mismatch(0, List.of(), "a", "a"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actual: ");
        }

        @Test
        void elements_refuseNegativeIndices() {
            assertThatThrownBy(() -> new OutputResult.Element(-1, List.of(), 0, 0, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("index: ");
            assertThatThrownBy(() -> new OutputResult.Mismatch(0, List.of(-1L), "a", "b"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("position: ");
        }

        @Test
        void caseSource_refusesLineZero() {
            assertThatThrownBy(() -> new CaseSource("adequacy/cases.jsonl", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line: ");
        }

        @Test
        void records_rejectNullsNamingTheField() {
            assertThatThrownBy(() -> new AdequacyReport(null, "cpu", List.of())).isInstanceOf(
                    NullPointerException.class).hasMessage("model");
            assertThatThrownBy(() -> new CaseResult.Errored("c", Optional.empty(), null))
                    .isInstanceOf(NullPointerException.class).hasMessage("error");
            assertThatThrownBy(() -> new CaseResult.Compared("c", null, List.of(close())))
                    .isInstanceOf(NullPointerException.class).hasMessage("source");
            assertThatThrownBy(() -> new OutputResult.Numeric("y", TIGHT, true, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("worst");
            assertThatThrownBy(() -> new OutputResult.Exact("y", DataType.STRING, Tolerance.DEFAULT, null))
                    .isInstanceOf(NullPointerException.class).hasMessage("mismatch");
        }
    }
}
