// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.version;

import dev.mlops.api.version.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Ordering laws and text round trips of {@link SchemaVersion}, over generated versions. */
class SchemaVersionPropertiesTest implements ComparableLaws<SchemaVersion> {
    private static final Gen<SchemaVersion> VERSIONS = MetadataGen.schemaVersions();
    private static final Gen<List<SchemaVersion>> PAIRS = Gens.listOf(VERSIONS, 2, 2);

    @Override
    public Gen<SchemaVersion> values() {
        return VERSIONS;
    }

    @Test
    void compareTo_ordersByMajorThenMinor() {
        Property.forAll(PAIRS).tries(500).check(p -> {
            SchemaVersion a = p.get(0);
            SchemaVersion b = p.get(1);
            int expected = a.major() != b.major() ? Integer.compare(a.major(), b.major())
                    : Integer.compare(a.minor(), b.minor());
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
        });
    }

    @Test
    void parse_roundTripsToString() {
        Property.forAll(VERSIONS).tries(500).check(v -> assertThat(SchemaVersion.parse(v.toString())).isEqualTo(v));
    }

    @Test
    void isAtLeast_agreesWithCompareTo() {
        Property.forAll(PAIRS).tries(500).check(p -> {
            SchemaVersion a = p.get(0);
            SchemaVersion b = p.get(1);
            assertThat(a.isAtLeast(b)).isEqualTo(a.compareTo(b) >= 0);
            assertThat(a.isAtLeast(b.toString())).isEqualTo(a.compareTo(b) >= 0);
        });
    }

    @Test
    void parse_rejectsLeadingZeros() {
        Property.forAll(VERSIONS).tries(300).check(v -> {
            assertThatThrownBy(() -> SchemaVersion.parse("0" + v)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SchemaVersion.parse(v.major() + ".0" + v.minor()))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.0.0", "-1.0", " 1.0", "1.0 ", "1.", ".1", "a.b", "1,0", "01.0", "1.00",
        "1.1234567890", "+1.0", "١.٠"})
    void parse_rejectsMalformedTextNamingTheExpectedForm(String text) {
        assertThatThrownBy(() -> SchemaVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a schema version (expected MAJOR.MINOR, e.g. 1.0)");
    }

    @Test
    void constructor_rejectsNegativeParts() {
        assertThatThrownBy(() -> new SchemaVersion(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema version parts must be 0 to 999999999: 1.-1");
    }

    @Test
    void current_isOnePointZero() {
        assertThat(SchemaVersion.CURRENT).isEqualTo(SchemaVersion.parse("1.0"));
        assertThat(SchemaVersion.parse("1.10").isAtLeast("1.9")).isTrue();
    }
}
