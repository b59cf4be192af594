// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.Metric;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one candidate fared against a {@link Query}: accepted when it has no rejection, and the metric it was ranked
 * by when the query ranks by one and the candidate declares it.
 *
 * <p>Immutable and thread-safe when the candidate is.
 *
 * @param <C> the candidate type
 * @param candidate the candidate
 * @param rejections every reason it fails the query, in the query's order; empty when accepted
 * @param metric the metric it was ranked by; empty when the query does not rank or the candidate lacks it
 * @since 0.2.0
 */
public record Assessment<C extends Candidate>(C candidate, List<Rejection> rejections, Optional<Metric> metric) {
    /** Checks and copies the components. */
    public Assessment {
        Objects.requireNonNull(candidate, "candidate");
        rejections = List.copyOf(rejections);
        Objects.requireNonNull(metric, "metric");
    }

    /**
     * Tells whether the candidate satisfies the query.
     *
     * @return {@code true} when there is no rejection
     * @since 0.2.0
     */
    public boolean accepted() {
        return rejections.isEmpty();
    }

    /**
     * Describes the outcome in one line, as {@link NoMatchingModelException} lists it.
     *
     * @return for example {@code "weather 1.0.0: area is [Jerusalem, Beit-Shemesh], not Hebron"}, or
     *     {@code "weather 1.2.0: accepted"}
     * @since 0.2.0
     */
    public String describe() {
        StringBuilder s = new StringBuilder(candidate.label()).append(": ");
        if (rejections.isEmpty()) {
            s.append("accepted");
            metric.ifPresent(m -> s.append(" (").append(m.name()).append(" = ").append(m.value()).append(')'));
        } else {
            for (int i = 0; i < rejections.size(); i++) {
                s.append(i == 0 ? "" : "; ").append(rejections.get(i).reason());
            }
        }
        return s.toString();
    }
}
