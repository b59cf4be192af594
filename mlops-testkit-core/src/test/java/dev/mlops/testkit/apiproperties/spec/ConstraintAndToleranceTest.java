// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.spec;

import dev.mlops.api.spec.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ConstraintAndToleranceTest {

    @Test
    void constraint_requiresAtLeastOneBound() {
        assertThatThrownBy(() -> new Constraint("x", Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                ConstraintAction.REJECT, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constraint on x: give min, max or both");
    }

    @Test
    void constraint_rejectsMinAboveMax() {
        assertThatThrownBy(() -> Constraint.reject("temperature", "celsius", 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("constraint on temperature: min 2.0 is greater than max 1.0");
    }

    @Test
    void constraint_admitsItsBoundsInclusivelyAndNeverNaN() {
        Constraint c = Constraint.reject("x", -1, 1);

        assertThat(c.admits(-1)).isTrue();
        assertThat(c.admits(1)).isTrue();
        assertThat(c.admits(Math.nextUp(1.0))).isFalse();
        assertThat(c.admits(Math.nextDown(-1.0))).isFalse();
        assertThat(c.admits(Double.NaN)).isFalse();
    }

    @Test
    void constraint_withOneBound_isOpenOnTheOtherSide() {
        Constraint atMost = new Constraint("x", Optional.empty(), OptionalDouble.empty(), OptionalDouble.of(100),
                ConstraintAction.WARN, Optional.of("too hot"));

        assertThat(atMost.admits(Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(atMost.admits(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(atMost.withAction(ConstraintAction.REJECT).action()).isEqualTo(ConstraintAction.REJECT);
        assertThat(atMost.withAction(ConstraintAction.REJECT).message()).contains("too hot");
    }

    @Test
    void constraintAction_jsonNamesRoundTrip() {
        for (ConstraintAction a : ConstraintAction.values()) {
            assertThat(ConstraintAction.fromJsonName(a.jsonName())).contains(a);
        }
        assertThat(ConstraintAction.fromJsonName("REJECT")).isEmpty();
    }

    @Test
    void tolerance_nanMatchesOnlyNaN() {
        Tolerance t = new Tolerance(1e9, 1e9);

        assertThat(t.accepts(Double.NaN, Double.NaN)).isTrue();
        assertThat(t.accepts(Double.NaN, 0)).isFalse();
        assertThat(t.accepts(0, Double.NaN)).isFalse();
    }

    @Test
    void tolerance_infinityMatchesOnlyItself() {
        Tolerance t = new Tolerance(1e9, 1e9);

        assertThat(t.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(t.accepts(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(t.accepts(Double.POSITIVE_INFINITY, Double.MAX_VALUE)).isFalse();
        assertThat(t.accepts(Double.MAX_VALUE, Double.POSITIVE_INFINITY)).isFalse();
        assertThat(t.accepts(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY)).isTrue();
    }

    @Test
    void tolerance_boundaryIsAbsolutePlusRelativeTimesExpectedInclusive() {
        Tolerance t = new Tolerance(0.5, 0.25); // bound for expected ±4: 0.5 + 0.25 * 4 = 1.5

        assertThat(t.accepts(4, 5.5)).isTrue();
        assertThat(t.accepts(4, 2.5)).isTrue();
        assertThat(t.accepts(4, Math.nextUp(5.5))).isFalse();
        assertThat(t.accepts(4, Math.nextDown(2.5))).isFalse();
        assertThat(t.accepts(-4, -5.5)).isTrue();
        assertThat(t.accepts(-4, -2.5)).isTrue();
        assertThat(t.accepts(-4, Math.nextDown(-5.5))).isFalse();
    }

    @Test
    void tolerance_relativePartScalesWithExpectedNotActual() {
        Tolerance t = new Tolerance(0, 0.5);

        assertThat(t.accepts(2, 3)).isTrue(); // |3 - 2| <= 0.5 * 2
        assertThat(t.accepts(3, 2)).isTrue(); // |2 - 3| <= 0.5 * 3
        assertThat(t.accepts(1, 2)).isFalse(); // |2 - 1| > 0.5 * 1
        assertThat(t.accepts(2, 1)).isTrue(); // |1 - 2| <= 0.5 * 2
        assertThat(t.accepts(0, Double.MIN_VALUE)).isFalse();
    }

    @Test
    void tolerance_acceptsEveryValueAsItself() {
        Property.forAll(Gens.zip(Gens.anyDoubles(), Gens.elements(new Tolerance(0, 0), Tolerance.DEFAULT), List::<Object>of))
                .tries(500).check(c -> {
                    double v = (Double) c.get(0);
                    Tolerance t = (Tolerance) c.get(1);
                    assertThat(t.accepts(v, v)).as("%s accepts %s as itself", t, v).isTrue();
                });
    }

    @Test
    void tolerance_withoutRelativePart_isSymmetric() {
        Property.forAll(Gens.listOf(Gens.anyDoubles(), 3, 3)).tries(500).check(c -> {
            double abs = Math.abs(c.get(2));
            Tolerance t = new Tolerance(Double.isFinite(abs) ? abs : 1.0, 0);
            assertThat(t.accepts(c.get(0), c.get(1))).isEqualTo(t.accepts(c.get(1), c.get(0)));
        });
    }

    @Test
    void tolerance_rejectsNegativeNaNAndInfiniteParts() {
        assertThatThrownBy(() -> new Tolerance(-1, 0)).hasMessage("tolerance.absolute: -1.0 must be a finite number >= 0");
        assertThatThrownBy(() -> new Tolerance(0, Double.NaN))
                .hasMessage("tolerance.relative: NaN must be a finite number >= 0");
        assertThatThrownBy(() -> new Tolerance(Double.POSITIVE_INFINITY, 0))
                .hasMessage("tolerance.absolute: Infinity must be a finite number >= 0");
        assertThat(Tolerance.DEFAULT).isEqualTo(new Tolerance(1e-5, 1e-4));
    }
}
