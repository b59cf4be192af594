// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.spark.ColumnPlan.InputBinding;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rejecting constraints of a model's envelope, checked on one row's values before the row joins a batch, so that
 * one bad row never fails the rows batched with it. Warning constraints are left to the runtime, which counts and
 * logs them on the batch. Immutable; thread-safe.
 */
final class RowEnvelope {

    /** A rejecting constraint on the input at {@code input}, over every element or one feature of the last axis. */
    private record Rule(int input, int featureIndex, int lastAxis, Constraint constraint, String description) {
    }

    /** A row outside a rule. */
    record Violation(String input, String feature, double value, double limit, String message) {
    }

    private final List<Rule> rules;

    RowEnvelope(ModelMetadata meta, List<InputBinding> inputs) {
        List<Rule> list = new ArrayList<>();
        for (Constraint c : meta.constraints()) {
            if (c.action() != ConstraintAction.REJECT) {
                continue;
            }
            int input = -1;
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).input().equals(c.input())) {
                    input = i;
                }
            }
            TensorSpec spec = meta.input(c.input()).orElse(null);
            if (input < 0 || spec == null || !spec.dtype().isNumeric()) {
                continue;
            }
            int feature = c.feature().map(spec::featureIndex).orElse(-1);
            long[] dims = inputs.get(input).rowDims();
            int last = dims.length == 0 ? 1 : (int) Math.max(1, dims[dims.length - 1]);
            String what = "input '" + c.input() + "'" + c.feature().map(f -> " feature '" + f + "'").orElse("")
                    + " in [" + (c.min().isPresent() ? c.min().getAsDouble() : "-inf") + ", "
                    + (c.max().isPresent() ? c.max().getAsDouble() : "inf") + "]";
            list.add(new Rule(input, feature, last, c, what));
        }
        this.rules = List.copyOf(list);
    }

    /**
     * Checks one row.
     *
     * @param values the row's values per input, as {@link RowInputs#read} gives them
     * @return the first violation, or {@code null} when the row is inside every rejecting constraint
     */
    @Nullable Violation check(Object[] values) {
        for (Rule r : rules) {
            Object v = values[r.input()];
            int n = java.lang.reflect.Array.getLength(v);
            int start = r.featureIndex() < 0 ? 0 : r.featureIndex();
            int step = r.featureIndex() < 0 ? 1 : r.lastAxis();
            for (int i = start; i < n; i += step) {
                double x = v instanceof long[] l ? l[i] : v instanceof double[] d ? d[i] : Double.NaN;
                if (v instanceof boolean[] b) {
                    x = b[i] ? 1 : 0;
                }
                if (!r.constraint().admits(x)) {
                    Constraint c = r.constraint();
                    double limit = c.min().isPresent() && (Double.isNaN(x) || x < c.min().getAsDouble())
                            ? c.min().getAsDouble() : c.max().orElse(Double.NaN);
                    String message = "outside " + r.description() + ": " + x
                            + c.message().map(m -> " (" + m + ")").orElse("");
                    return new Violation(c.input(), c.feature().orElse(""), x, limit, message);
                }
            }
        }
        return null;
    }
}
