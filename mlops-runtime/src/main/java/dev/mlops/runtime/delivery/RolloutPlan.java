// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How a candidate is tried and decided on: the traffic it gets ({@linkplain #shadow() shadow} or a
 * {@linkplain #canary(double) canary weight}), the rules checked over each window, how many consecutive passing
 * windows promote it, how many consecutive failed checks roll it back, how many passing windows end its bake, and the
 * window and shadow bounds. Built once with {@link Builder}; rules are read when added, so an unknown metric fails
 * here, never while traffic runs.
 *
 * <p>Defaults: a window closes after 100 candidate calls, or after 60 s once it has at least 10; promotion after 3
 * consecutive passing windows; rollback after 2 consecutive failed checks; 3 passing windows of bake; shadow queue of
 * 64 requests on 1 thread with a 1 s timeout; seed 0 for unkeyed canary routing.
 *
 * <pre>{@code
 * RolloutPlan plan = RolloutPlan.canary(0.1)
 *         .rule("error_rate <= 0.01")
 *         .rule("p99_latency_ms <= stable * 1.2")
 *         .promoteAfter(3).rollbackAfter(2)
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class RolloutPlan {
    private final RolloutPhase mode;
    private final double canaryWeight;
    private final List<Rule> rules;
    private final int promoteAfter;
    private final int rollbackAfter;
    private final int bakeWindows;
    private final int windowCalls;
    private final int minWindowCalls;
    private final Duration windowDuration;
    private final int shadowQueue;
    private final int shadowThreads;
    private final Duration shadowTimeout;
    private final long seed;

    private RolloutPlan(Builder b) {
        this.mode = b.mode;
        this.canaryWeight = b.canaryWeight;
        this.rules = List.copyOf(b.rules);
        this.promoteAfter = b.promoteAfter;
        this.rollbackAfter = b.rollbackAfter;
        this.bakeWindows = b.bakeWindows;
        this.windowCalls = b.windowCalls;
        this.minWindowCalls = Math.min(b.minWindowCalls, b.windowCalls);
        this.windowDuration = b.windowDuration;
        this.shadowQueue = b.shadowQueue;
        this.shadowThreads = b.shadowThreads;
        this.shadowTimeout = b.shadowTimeout;
        this.seed = b.seed;
    }

    /**
     * Starts a plan where the candidate receives a copy of every request, asynchronously, and never answers one.
     *
     * @return a builder
     */
    public static Builder shadow() {
        return new Builder(RolloutPhase.SHADOW, 0);
    }

    /**
     * Starts a plan where the candidate answers a share of requests: a request with a key goes to the arm its key
     * hashes to (the same key, the same arm, for the whole trial), one without a key to an arm drawn by weight.
     *
     * @param weight the candidate's share, {@code 0..1}
     * @return a builder
     * @throws IllegalArgumentException when {@code weight} is outside {@code 0..1}
     */
    public static Builder canary(double weight) {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("canary weight must be within 0..1, got " + weight);
        }
        return new Builder(RolloutPhase.CANARY, weight);
    }

    /** @return {@link RolloutPhase#SHADOW} or {@link RolloutPhase#CANARY}: how the candidate is tried */
    public RolloutPhase mode() {
        return mode;
    }

    /** @return the canary weight, empty for a shadow plan */
    public OptionalDouble canaryWeight() {
        return mode == RolloutPhase.CANARY ? OptionalDouble.of(canaryWeight) : OptionalDouble.empty();
    }

    /** @return the rules, in the order added; every one must pass for a window to pass */
    public List<Rule> rules() {
        return rules;
    }

    /** @return how many consecutive passing windows promote the candidate */
    public int promoteAfter() {
        return promoteAfter;
    }

    /** @return how many consecutive failed checks roll the candidate back, before or after promotion */
    public int rollbackAfter() {
        return rollbackAfter;
    }

    /** @return how many passing windows after promotion complete the rollout; 0 completes at promotion */
    public int bakeWindows() {
        return bakeWindows;
    }

    /** @return how many candidate calls close a window */
    public int windowCalls() {
        return windowCalls;
    }

    /** @return how many candidate calls a window needs to close on {@link #windowDuration()} */
    public int minWindowCalls() {
        return minWindowCalls;
    }

    /** @return after how long a window with at least {@link #minWindowCalls()} candidate calls closes */
    public Duration windowDuration() {
        return windowDuration;
    }

    /** @return how many shadow requests may wait; one more is dropped and counted */
    public int shadowQueue() {
        return shadowQueue;
    }

    /** @return how many threads run shadow requests */
    public int shadowThreads() {
        return shadowThreads;
    }

    /** @return after how long a shadow call counts as timed out (it is interrupted; its answer is ignored) */
    public Duration shadowTimeout() {
        return shadowTimeout;
    }

    /** @return the seed of the draw that routes canary requests without a key */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "RolloutPlan[" + (mode == RolloutPhase.SHADOW ? "shadow" : "canary " + canaryWeight) + ", rules "
                + rules + ", promote after " + promoteAfter + ", roll back after " + rollbackAfter + ", bake "
                + bakeWindows + ", window " + windowCalls + " calls or " + windowDuration + "]";
    }

    /**
     * Builds a {@link RolloutPlan}. Each option may be set once; arguments are checked at once; {@link #build()}
     * leaves the builder unchanged. Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final RolloutPhase mode;
        private final double canaryWeight;
        private final List<Rule> rules = new ArrayList<>();
        private int promoteAfter = 3;
        private int rollbackAfter = 2;
        private int bakeWindows = 3;
        private int windowCalls = 100;
        private int minWindowCalls = 10;
        private Duration windowDuration = Duration.ofSeconds(60);
        private int shadowQueue = 64;
        private int shadowThreads = 1;
        private Duration shadowTimeout = Duration.ofSeconds(1);
        private long seed;
        private final List<String> set = new ArrayList<>();

        private Builder(RolloutPhase mode, double canaryWeight) {
            this.mode = mode;
            this.canaryWeight = canaryWeight;
        }

        /**
         * Adds a rule, read by {@link Rule#parse(String)}.
         *
         * @param rule for example {@code "error_rate <= 0.01"}
         * @return this builder
         * @throws InvalidRuleException when the rule cannot be read, for example its metric is unknown
         */
        public Builder rule(String rule) {
            rules.add(Rule.parse(rule));
            return this;
        }

        /**
         * Adds a rule.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Sets how many consecutive passing windows promote the candidate (default 3).
         *
         * @param windows at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1 or set twice
         */
        public Builder promoteAfter(int windows) {
            promoteAfter = atLeast("promoteAfter", windows, 1);
            return this;
        }

        /**
         * Sets how many consecutive failed checks roll the candidate back (default 2).
         *
         * @param checks at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1 or set twice
         */
        public Builder rollbackAfter(int checks) {
            rollbackAfter = atLeast("rollbackAfter", checks, 1);
            return this;
        }

        /**
         * Sets how many passing windows after promotion complete the rollout (default 3; 0 completes at promotion).
         *
         * @param windows at least 0
         * @return this builder
         * @throws IllegalArgumentException when negative or set twice
         */
        public Builder bakeWindows(int windows) {
            bakeWindows = atLeast("bakeWindows", windows, 0);
            return this;
        }

        /**
         * Sets how many candidate calls close a window (default 100).
         *
         * @param calls at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1 or set twice
         */
        public Builder windowCalls(int calls) {
            windowCalls = atLeast("windowCalls", calls, 1);
            return this;
        }

        /**
         * Sets the time after which a window closes once it has at least {@code minCalls} candidate calls (defaults
         * 60 s and 10).
         *
         * @param duration positive
         * @param minCalls at least 1 (a larger value than {@link #windowCalls} is lowered to it)
         * @return this builder
         * @throws IllegalArgumentException when not positive or set twice
         */
        public Builder windowDuration(Duration duration, int minCalls) {
            once("windowDuration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("windowDuration must be positive, got " + duration);
            }
            windowDuration = duration;
            minWindowCalls = Math.max(1, minCalls);
            return this;
        }

        /**
         * Sets the shadow queue's capacity (default 64) and threads (default 1).
         *
         * @param capacity at least 1
         * @param threads at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1 or set twice
         */
        public Builder shadowQueue(int capacity, int threads) {
            once("shadowQueue");
            shadowQueue = check("shadowQueue capacity", capacity, 1);
            shadowThreads = check("shadowQueue threads", threads, 1);
            return this;
        }

        /**
         * Sets after how long a shadow call counts as timed out (default 1 s).
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when not positive or set twice
         */
        public Builder shadowTimeout(Duration timeout) {
            once("shadowTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("shadowTimeout must be positive, got " + timeout);
            }
            shadowTimeout = timeout;
            return this;
        }

        /**
         * Sets the seed of the draw that routes canary requests without a key (default 0).
         *
         * @param value any
         * @return this builder
         * @throws IllegalArgumentException when set twice
         */
        public Builder seed(long value) {
            once("seed");
            seed = value;
            return this;
        }

        /**
         * Builds the plan.
         *
         * @return the plan
         * @throws IllegalArgumentException when no rule was added (a plan that checks nothing would promote blindly)
         */
        public RolloutPlan build() {
            if (rules.isEmpty()) {
                throw new IllegalArgumentException("a rollout plan needs at least one rule, for example"
                        + " \"error_rate <= 0.01\"; metrics: " + Metric.ruleNames());
            }
            return new RolloutPlan(this);
        }

        private int atLeast(String name, int v, int min) {
            once(name);
            return check(name, v, min);
        }

        private static int check(String name, int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
            }
            return v;
        }

        private void once(String name) {
            if (set.contains(name)) {
                throw new IllegalArgumentException(name + " was already set");
            }
            set.add(name);
        }
    }
}
