// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A metric a {@link Rule} checks over a window of calls. Each is computed per arm (the stable version and the
 * candidate) from the calls that closed in the window; a metric with no observations in a window has no value there,
 * and a rule on it is not evaluated in that window.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum Metric {
    /** Calls that threw (envelope rejections excepted) over calls that ended; {@code 0..1}. */
    ERROR_RATE(true),
    /** The 99th percentile of call latency in milliseconds, over calls that ended (within about 5%). */
    P99_LATENCY_MS(true),
    /** Envelope rejections ({@link dev.mlops.api.EnvelopeViolationException}) over calls that ended; {@code 0..1}. */
    ENVELOPE_REJECTION_RATE(true),
    /**
     * Shadow calls whose answer differs from the serving answer by more than the candidate's adequacy tolerance, over
     * shadow calls where both answered; {@code 0..1}. Candidate only.
     */
    SHADOW_DISAGREEMENT_RATE(false),
    /** Shadow calls that ran past the shadow timeout over shadow calls started; {@code 0..1}. Candidate only. */
    SHADOW_TIMEOUT_RATE(false);

    private final boolean stableHasIt;

    Metric(boolean stableHasIt) {
        this.stableHasIt = stableHasIt;
    }

    /** @return the name rules use, for example {@code p99_latency_ms} */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the stable version has this metric too, so that a rule may compare with {@code stable} */
    public boolean stableHasIt() {
        return stableHasIt;
    }

    /**
     * Looks a metric up by the name rules use.
     *
     * @param ruleName for example {@code error_rate}
     * @return the metric, or empty when no metric has that name
     */
    public static Optional<Metric> byRuleName(String ruleName) {
        return Arrays.stream(values()).filter(m -> m.ruleName().equals(ruleName)).findFirst();
    }

    /** @return every metric's rule name, in declaration order */
    public static List<String> ruleNames() {
        return Arrays.stream(values()).map(Metric::ruleName).toList();
    }
}
