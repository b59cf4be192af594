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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ordering laws, compatibility and text round trips of {@link ModelVersion}, over generated versions. */
class ModelVersionPropertiesTest implements ComparableLaws<ModelVersion> {
    private static final Gen<ModelVersion> VERSIONS = MetadataGen.modelVersions();
    private static final Gen<List<ModelVersion>> PAIRS = Gens.listOf(VERSIONS, 2, 2);

    @Override
    public Gen<ModelVersion> values() {
        return VERSIONS;
    }

    @Test
    void compareTo_isLexicographicOverMajorMinorPipeline() {
        Property.forAll(PAIRS).tries(500).check(p -> {
            ModelVersion a = p.get(0);
            ModelVersion b = p.get(1);
            int expected = a.major() != b.major() ? Integer.compare(a.major(), b.major())
                    : a.minor() != b.minor() ? Integer.compare(a.minor(), b.minor())
                    : Integer.compare(a.pipeline(), b.pipeline());
            assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
        });
    }

    @Test
    void parse_roundTripsToString() {
        Property.forAll(VERSIONS).tries(500).check(v -> assertThat(ModelVersion.parse(v.toString())).isEqualTo(v));
    }

    @Test
    void isAtLeast_agreesWithCompareTo() {
        Property.forAll(PAIRS).tries(500).check(p -> assertThat(p.get(0).isAtLeast(p.get(1).toString()))
                .isEqualTo(p.get(0).compareTo(p.get(1)) >= 0));
    }

    @Test
    void isCompatibleWith_meansSameMajorAndNotOlder() {
        Property.forAll(PAIRS).tries(500).check(p -> {
            ModelVersion a = p.get(0);
            ModelVersion b = p.get(1);
            assertThat(a.isCompatibleWith(b)).isEqualTo(a.major() == b.major() && a.compareTo(b) >= 0);
            assertThat(a.isCompatibleWith(a)).isTrue();
        });
    }

    @Test
    void parse_rejectsLeadingZeros() {
        Property.forAll(VERSIONS).tries(300).check(v -> {
            assertThatThrownBy(() -> ModelVersion.parse("0" + v)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ModelVersion.parse(v.major() + "." + v.minor() + ".0" + v.pipeline()))
                    .isInstanceOf(IllegalArgumentException.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.0", "1.0.0.0", "-1.0.0", "1.0.0-SNAPSHOT", "v1.0.0", "1..0", "01.0.0",
        "1.00.0", "1.0.1234567890", " 1.0.0"})
    void parse_rejectsMalformedTextNamingTheExpectedForm(String text) {
        assertThatThrownBy(() -> ModelVersion.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)");
    }

    @Test
    void constructor_rejectsNegativeParts() {
        assertThatThrownBy(() -> new ModelVersion(0, 0, -3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version parts must be 0 to 999999999: 0.0.-3");
    }

    @Test
    void constructor_rejectsPartsTooLongToReadBack() {
        assertThatThrownBy(() -> new ModelVersion(1_000_000_000, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model version parts must be 0 to 999999999: 1000000000.0.0");
        ModelVersion max = new ModelVersion(ModelVersion.MAX_PART, 0, ModelVersion.MAX_PART);
        assertThat(ModelVersion.parse(max.toString())).isEqualTo(max);
    }
}
