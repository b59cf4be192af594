// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.version;

import dev.mlops.api.version.*;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The laws of {@link Comparable}, as a contract: a test class implements this interface, names its generator, and
 * inherits the tests (STYLE 17).
 *
 * @param <T> the type under test
 */
interface ComparableLaws<T extends Comparable<T>> {
    /** @return values to check the laws over */
    Gen<T> values();

    @Test
    default void compareTo_isReflexiveAndConsistentWithEqualsAndHashCode() {
        Property.forAll(Gens.listOf(values(), 2, 2)).tries(500).check(p -> {
            T a = p.get(0);
            T b = p.get(1);
            assertThat(a.compareTo(a)).isZero();
            assertThat(a.compareTo(b) == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
            if (a.equals(b)) {
                assertThat(a.hashCode()).isEqualTo(b.hashCode());
            }
        });
    }

    @Test
    default void compareTo_isAntisymmetric() {
        Property.forAll(Gens.listOf(values(), 2, 2)).tries(500).check(p -> assertThat(
                Integer.signum(p.get(0).compareTo(p.get(1)))).isEqualTo(-Integer.signum(p.get(1).compareTo(p.get(0)))));
    }

    @Test
    default void compareTo_isTransitive() {
        Property.forAll(Gens.listOf(values(), 3, 3)).tries(500).check(t -> {
            List<T> sorted = new ArrayList<>(t);
            sorted.sort(null);
            assertThat(sorted.get(0).compareTo(sorted.get(1))).isNotPositive();
            assertThat(sorted.get(1).compareTo(sorted.get(2))).isNotPositive();
            assertThat(sorted.get(0).compareTo(sorted.get(2))).as("%s", sorted).isNotPositive();
        });
    }
}
