// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import dev.mlops.api.adequacy.OutputResult;
import java.util.List;
import java.util.Objects;

/**
 * An export refused because the exported ONNX model, run in ONNX Runtime, disagrees with the training library's own
 * predictions beyond the declared tolerance: an export bug never ships. The message names, for every disagreeing
 * output of every case, the case, the output, the worst element, the reference and the ONNX value and the tolerance.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class ExportMismatchException extends ExportException {
    private static final long serialVersionUID = 1L;

    /** The mismatches, as a serializable list of immutable records. */
    private final transient List<Mismatch> mismatches;

    /**
     * One output of one case on which the ONNX model and the reference disagree.
     *
     * <p>Immutable and thread-safe.
     *
     * @param caseId the case's id
     * @param result the comparison, reference as expected and ONNX Runtime's output as actual
     * @since 0.2.0
     */
    public record Mismatch(String caseId, OutputResult result) {
        /** Checks the components. */
        public Mismatch {
            Objects.requireNonNull(caseId, "caseId");
            Objects.requireNonNull(result, "result");
        }

        /** @return one line: {@code case "a": output 'y' element 0 [0, 0]: expected 3.0, actual 3.5, ...} */
        public String describe() {
            return "case \"" + caseId + "\": " + result.describe();
        }
    }

    /**
     * Creates the exception.
     *
     * @param bundle the bundle being exported, for the message
     * @param mismatches the disagreements, at least one
     */
    ExportMismatchException(String bundle, List<Mismatch> mismatches) {
        super(message(bundle, mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    private static String message(String bundle, List<Mismatch> mismatches) {
        StringBuilder sb = new StringBuilder("export ").append(bundle).append(" refused: the ONNX model run in ONNX "
                + "Runtime disagrees with the training library's predictions (reference is \"expected\", ONNX Runtime"
                + " \"actual\") on ").append(mismatches.size()).append(mismatches.size() == 1 ? " output" : " outputs");
        for (Mismatch m : mismatches) {
            sb.append("\n  ").append(m.describe());
        }
        return sb.toString();
    }

    /** @return every disagreement, in case order */
    public List<Mismatch> mismatches() {
        return mismatches == null ? List.of() : mismatches;
    }
}
