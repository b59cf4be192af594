// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.internal.EnvelopeGuard;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EnvelopeGuardTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private static ModelMetadata.Builder weather() {
        return ModelMetadata.builder("weather", "1.0.0")
                .input(TensorSpec.of("features", DataType.FLOAT32, -1, 2).withFeatures("celsius", "humidity"))
                .input(TensorSpec.of("count", DataType.INT64, -1))
                .input(TensorSpec.of("station", DataType.STRING, -1))
                .output(TensorSpec.of("rain", DataType.FLOAT32, -1, 1));
    }

    private static Constraint constraint(String input, String feature, Double min, Double max, ConstraintAction action,
            String message) {
        return new Constraint(input, Optional.ofNullable(feature),
                min == null ? OptionalDouble.empty() : OptionalDouble.of(min),
                max == null ? OptionalDouble.empty() : OptionalDouble.of(max), action, Optional.ofNullable(message));
    }

    private EnvelopeGuard guard(Constraint... constraints) {
        ModelMetadata.Builder b = weather();
        for (Constraint c : constraints) {
            b.constraint(c);
        }
        return new EnvelopeGuard(b.build(), Duration.ofMinutes(1), clock::get);
    }

    /** Rows of (celsius, humidity). */
    private static Map<String, Tensor> rows(float... celsiusHumidity) {
        return Map.of("features", Tensor.ofFloats(celsiusHumidity, celsiusHumidity.length / 2, 2));
    }

    private static EnvelopeViolationException violation(EnvelopeGuard guard, Map<String, Tensor> inputs) {
        try {
            guard.check(inputs);
        } catch (EnvelopeViolationException e) {
            return e;
        }
        throw new AssertionError("expected an EnvelopeViolationException for " + inputs);
    }

    private static final Constraint CELSIUS_MAX = constraint("features", "celsius", null, 100.0,
            ConstraintAction.REJECT, "temperature > 100 C: don't use me");

    @Nested
    class Reject {
        @Test
        void check_acceptsValuesOnTheBounds() {
            EnvelopeGuard g = guard(Constraint.reject("features", "celsius", -40, 100));
            assertThatCode(() -> g.check(rows(-40f, 0f, 100f, 0f, 20f, 0f))).doesNotThrowAnyException();
        }

        @Test
        void check_rejectsValueJustAboveMaximum() {
            EnvelopeGuard g = guard(Constraint.reject("features", "celsius", -40, 100));
            EnvelopeViolationException e = violation(g, rows(Math.nextUp(100f), 0f));
            assertThat(e.value()).isEqualTo(Math.nextUp(100f));
            assertThat(e.limit()).isEqualTo(100.0);
        }

        @Test
        void check_rejectsValueJustBelowMinimum() {
            EnvelopeGuard g = guard(Constraint.reject("features", "celsius", -40, 100));
            EnvelopeViolationException e = violation(g, rows(Math.nextDown(-40f), 0f));
            assertThat(e.limit()).isEqualTo(-40.0);
            assertThat(e).hasMessage("input 'features' feature 'celsius' = -40.000004 is below the envelope minimum"
                    + " -40.0 (element [0, 0])");
        }

        @Test
        void check_namesInputFeatureValueLimitElementAndConstraintMessage() {
            EnvelopeGuard g = guard(CELSIUS_MAX);
            EnvelopeViolationException e = violation(g, rows(20f, 0f, 30f, 0f, 40f, 0f, 101.5f, 0f));
            assertThat(e).hasMessage("input 'features' feature 'celsius' = 101.5 is above the envelope maximum 100.0"
                    + " (element [3, 0]): temperature > 100 C: don't use me");
            assertThat(e.input()).isEqualTo("features");
            assertThat(e.feature()).isEqualTo("celsius");
            assertThat(e.value()).isEqualTo(101.5);
            assertThat(e.limit()).isEqualTo(100.0);
        }

        @Test
        void check_reportsTheFirstViolatingElementInRowMajorOrder() {
            EnvelopeGuard g = guard(Constraint.reject("features", "humidity", 0, 1));
            EnvelopeViolationException e = violation(g, rows(0f, 0.5f, 0f, 7f, 0f, -3f));
            assertThat(e.value()).isEqualTo(7.0);
            assertThat(e.getMessage()).contains("(element [1, 1])");
        }

        @Test
        void check_rejectsNanEvenWithOneBound() {
            EnvelopeGuard g = guard(CELSIUS_MAX);
            EnvelopeViolationException e = violation(g, rows(Float.NaN, 0f));
            assertThat(e.value()).isNaN();
            assertThat(e.limit()).isEqualTo(100.0);
            assertThat(e).hasMessage("input 'features' feature 'celsius' = NaN is not a number, so it is outside the"
                    + " envelope (-Infinity, 100.0] (element [0, 0]): temperature > 100 C: don't use me");
        }

        @Test
        void check_rejectsNanAgainstMinimumOnlyConstraint() {
            EnvelopeGuard g = guard(constraint("features", "celsius", -40.0, null, ConstraintAction.REJECT, null));
            EnvelopeViolationException e = violation(g, rows(Float.NaN, 0f));
            assertThat(e.limit()).isEqualTo(-40.0);
            assertThat(e.getMessage()).contains("outside the envelope [-40.0, Infinity)");
        }

        @Test
        void check_leavesTheOtherSideOfAOneSidedConstraintOpen() {
            EnvelopeGuard max = guard(CELSIUS_MAX);
            assertThatCode(() -> max.check(rows(-1e30f, 0f, Float.NEGATIVE_INFINITY, 0f))).doesNotThrowAnyException();
            EnvelopeGuard min = guard(constraint("features", "celsius", -40.0, null, ConstraintAction.REJECT, null));
            assertThatCode(() -> min.check(rows(1e30f, 0f, Float.POSITIVE_INFINITY, 0f))).doesNotThrowAnyException();
            assertThat(violation(min, rows(Float.NEGATIVE_INFINITY, 0f)).getMessage())
                    .contains("= -Infinity is below the envelope minimum -40.0");
        }

        @Test
        void check_looksOnlyAtTheConstrainedFeature() {
            EnvelopeGuard g = guard(CELSIUS_MAX);
            assertThatCode(() -> g.check(rows(20f, 500f, 30f, Float.NaN))).doesNotThrowAnyException();
        }

        @Test
        void check_constrainsEveryElementWithoutFeature() {
            EnvelopeGuard g = guard(Constraint.reject("count", 0, 10));
            assertThatCode(() -> g.check(Map.of("count", Tensor.ofLongs(new long[] {0, 10, 5}, 3))))
                    .doesNotThrowAnyException();
            EnvelopeViolationException e = violation(g, Map.of("count", Tensor.ofLongs(new long[] {0, 11, 5}, 3)));
            assertThat(e.feature()).isEmpty();
            assertThat(e).hasMessage("input 'count' = 11 is above the envelope maximum 10.0 (element [1])");
        }

        @Test
        void check_formatsFloat64ValuesAtFullPrecision() {
            ModelMetadata meta = ModelMetadata.builder("m", "1.0.0")
                    .input(TensorSpec.of("x", DataType.FLOAT64, -1))
                    .output(TensorSpec.of("y", DataType.FLOAT64, -1))
                    .constraint(Constraint.reject("x", 0, 1))
                    .build();
            EnvelopeGuard g = new EnvelopeGuard(meta);
            assertThat(violation(g, Map.of("x", Tensor.ofDoubles(new double[] {1.0000000001}, 1))).getMessage())
                    .startsWith("input 'x' = 1.0000000001 is above");
        }

        @Test
        void check_ignoresNonNumericAndMissingInputs() {
            EnvelopeGuard g = guard(Constraint.reject("station", 0, 1), Constraint.reject("count", 0, 1));
            assertThatCode(() -> g.check(Map.of("station", Tensor.ofStrings(new String[] {"x"}, 1))))
                    .doesNotThrowAnyException();
        }

        @Test
        void check_leavesTensorsWithoutTheFeatureColumnToInputCheck() {
            EnvelopeGuard g = guard(Constraint.reject("features", "humidity", 0, 1));
            assertThatCode(() -> g.check(Map.of("features", Tensor.ofFloats(new float[] {500f, 600f}, 2, 1))))
                    .doesNotThrowAnyException();
            assertThatCode(() -> g.check(Map.of("features", Tensor.ofFloats(new float[] {500f}))))
                    .doesNotThrowAnyException();
        }

        @Test
        void check_acceptsEveryValueInsideAndRejectsEveryValueOutside() {
            EnvelopeGuard g = guard(Constraint.reject("features", "celsius", -40, 100));
            AtomicLong accepted = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            Property.forAll(Gens.listOf(Gens.doubles(-200, 200), 1, 30))
                    .reportTo(line -> { })
                    .tries(300)
                    .check(values -> {
                        float[] data = new float[values.size() * 2];
                        boolean inside = true;
                        for (int i = 0; i < values.size(); i++) {
                            data[2 * i] = values.get(i).floatValue();
                            data[2 * i + 1] = 1e9f;
                            inside &= data[2 * i] >= -40 && data[2 * i] <= 100;
                        }
                        if (inside) {
                            assertThatCode(() -> g.check(rows(data))).doesNotThrowAnyException();
                            accepted.incrementAndGet();
                        } else {
                            assertThatThrownBy(() -> g.check(rows(data)))
                                    .isInstanceOf(EnvelopeViolationException.class);
                            rejected.incrementAndGet();
                        }
                    });
            assertThat(accepted).as("batches entirely inside the envelope").hasPositiveValue();
            assertThat(rejected).as("batches with a value outside the envelope").hasPositiveValue();
        }
    }

    @Nested
    class Warn {
        private final Constraint humidityWarn = constraint("features", "humidity", 0.0, 1.0, ConstraintAction.WARN,
                "humidity is a fraction");

        @Test
        void check_servesAndCountsEveryValueOutsideWarnConstraint() {
            EnvelopeGuard g = guard(humidityWarn);
            assertThatCode(() -> g.check(rows(0f, 2f, 0f, 0.5f, 0f, -1f, 0f, Float.NaN)))
                    .doesNotThrowAnyException();
            assertThat(g.warnings()).isEqualTo(3);
            assertThat(g.warningCounts())
                    .containsExactly(Map.entry("input 'features' feature 'humidity' in [0.0, 1.0]", 3L));
        }

        @Test
        void check_countsNothingForValuesInside() {
            EnvelopeGuard g = guard(humidityWarn);
            g.check(rows(0f, 0f, 0f, 1f));
            assertThat(g.warnings()).isZero();
            assertThat(g.warnLogsEmitted()).isZero();
            assertThat(g.warningCounts()).containsEntry("input 'features' feature 'humidity' in [0.0, 1.0]", 0L);
        }

        @Test
        void check_logsAtMostOncePerInterval() {
            EnvelopeGuard g = guard(humidityWarn);
            g.check(rows(0f, 2f));
            assertThat(g.warnLogsEmitted()).as("first violation logs at once").isEqualTo(1);
            g.check(rows(0f, 2f));
            clock.addAndGet(Duration.ofSeconds(59).toNanos());
            g.check(rows(0f, 2f, 0f, 3f));
            assertThat(g.warnLogsEmitted()).as("still inside the interval").isEqualTo(1);
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            g.check(rows(0f, 2f));
            assertThat(g.warnLogsEmitted()).as("a full interval later").isEqualTo(2);
            assertThat(g.warnings()).isEqualTo(5);
        }

        @Test
        void check_rateLimitsEachConstraintSeparately() {
            EnvelopeGuard g = guard(humidityWarn, constraint("count", null, null, 5.0, ConstraintAction.WARN, null));
            g.check(Map.of("features", Tensor.ofFloats(new float[] {0f, 2f}, 1, 2),
                    "count", Tensor.ofLongs(new long[] {9, 9}, 2)));
            g.check(Map.of("count", Tensor.ofLongs(new long[] {9}, 1)));
            assertThat(g.warnLogsEmitted()).isEqualTo(2);
            assertThat(g.warnings()).isEqualTo(4);
            assertThat(g.warningCounts()).containsExactly(
                    Map.entry("input 'features' feature 'humidity' in [0.0, 1.0]", 1L),
                    Map.entry("input 'count' in (-Infinity, 5.0]", 3L));
        }

        @Test
        void check_logsEveryViolatingRequestWithZeroInterval() {
            ModelMetadata meta = weather().constraint(humidityWarn).build();
            EnvelopeGuard g = new EnvelopeGuard(meta, Duration.ZERO, clock::get);
            for (int i = 0; i < 3; i++) {
                g.check(rows(0f, 2f, 0f, 3f));
            }
            assertThat(g.warnLogsEmitted()).isEqualTo(3);
            assertThat(g.warnings()).isEqualTo(6);
        }

        @Test
        void check_countsNoWarningForARejectedRequest() {
            EnvelopeGuard g = guard(humidityWarn, CELSIUS_MAX);
            assertThatThrownBy(() -> g.check(rows(500f, 2f))).isInstanceOf(EnvelopeViolationException.class);
            assertThat(g.warnings()).isZero();
            g.check(rows(50f, 2f));
            assertThat(g.warnings()).isEqualTo(1);
        }

        @Test
        void check_countsExactlyUnderConcurrency() throws Exception {
            EnvelopeGuard g = guard(humidityWarn);
            int threads = 8;
            int perThread = 2_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            g.check(rows(0f, 2f, 0f, 0.5f));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(g.warnings()).isEqualTo((long) threads * perThread);
            assertThat(g.warnLogsEmitted()).as("the clock did not move").isEqualTo(1);
        }
    }

    @Nested
    class Construction {
        @Test
        void check_returnsAtOnceWithoutConstraints() {
            EnvelopeGuard g = guard();
            assertThat(g.isEmpty()).isTrue();
            assertThatCode(() -> g.check(rows(Float.NaN, 1e30f))).doesNotThrowAnyException();
            assertThat(g.warnings()).isZero();
            assertThat(g.warningCounts()).isEmpty();
        }

        @Test
        void constructor_rejectsConstraintOnUndeclaredInput() {
            ModelMetadata meta = weather().constraint(Constraint.reject("pressure", 0, 1)).build();
            assertThatThrownBy(() -> new EnvelopeGuard(meta)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("constraints[0]: input 'pressure' is not declared (inputs are [features, count,"
                            + " station])");
        }

        @Test
        void constructor_rejectsConstraintOnUndeclaredFeature() {
            ModelMetadata meta = weather().constraint(Constraint.reject("features", "wind", 0, 1)).build();
            assertThatThrownBy(() -> new EnvelopeGuard(meta)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("constraints[0]: 'wind' is not a feature of input 'features' (its features are"
                            + " [celsius, humidity])");
        }

        @Test
        void constructor_rejectsNegativeLogInterval() {
            assertThatThrownBy(() -> new EnvelopeGuard(weather().build(), Duration.ofSeconds(-1), clock::get))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logInterval");
        }

        @Test
        void constructor_acceptsAnIntervalTooLongForNanoseconds() {
            ModelMetadata meta = weather().constraint(constraint("count", null, null, 5.0, ConstraintAction.WARN, null))
                    .build();
            EnvelopeGuard g = new EnvelopeGuard(meta, Duration.ofDays(365L * 1_000_000), clock::get);
            g.check(Map.of("count", Tensor.ofLongs(new long[] {9}, 1)));
            clock.addAndGet(Duration.ofDays(365L * 100).toNanos());
            g.check(Map.of("count", Tensor.ofLongs(new long[] {9}, 1)));
            assertThat(g.warnLogsEmitted()).isEqualTo(1);
        }
    }
}
