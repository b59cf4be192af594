// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.version.ModelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionRangeTest {
    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            >= 1.2.0 < 2.0.0 | 1.2.0   | true
            >= 1.2.0 < 2.0.0 | 1.99.0  | true
            >= 1.2.0 < 2.0.0 | 2.0.0   | false
            >= 1.2.0 < 2.0.0 | 1.1.9   | false
            >=1.2.0,<2.0.0   | 1.5.0   | true
            > 1.2.0          | 1.2.0   | false
            > 1.2.0          | 1.2.1   | true
            <= 2.0.0         | 2.0.0   | true
            < 2.0.0          | 0.0.1   | true
            1.4.2            | 1.4.2   | true
            = 1.4.2          | 1.4.3   | false
            any              | 9.9.9   | true
            """)
    void parse_thenContains(String text, String version, boolean inside) {
        assertThat(VersionRange.parse(text).contains(ModelVersion.parse(version))).isEqualTo(inside);
    }

    @ParameterizedTest(name = "{0} reads back as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            >=1.2.0,<2.0.0  | >= 1.2.0 < 2.0.0
            '  <= 3.0.0 '   | <= 3.0.0
            1.4.2           | = 1.4.2
            any             | any
            """)
    void toString_isReadBackByParse(String text, String canonical) {
        VersionRange r = VersionRange.parse(text);
        assertThat(r).hasToString(canonical);
        assertThat(VersionRange.parse(r.toString())).isEqualTo(r);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | version range '': it is empty (expected for example '>= 1.2.0 < 2.0.0', or 'any')
            >= 1.2             | version range '>= 1.2': '1.2' is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)
            >= 1.2.0 <         | version range '>= 1.2.0 <': '<' is not a comparator (expected an operator >=, >, <=, < or = followed by a version such as 1.2.0)
            ~> 1.2.0           | version range '~> 1.2.0': '~> 1.2.0' is not a comparator (expected an operator >=, >, <=, < or = followed by a version such as 1.2.0)
            >= 1.2.0.1         | version range '>= 1.2.0.1': '1.2.0.1' is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)
            >= 1.0.0 > 1.1.0   | version range '>= 1.0.0 > 1.1.0': two lower bounds (>= 1.0.0 and > 1.1.0)
            < 2.0.0 <= 3.0.0   | version range '< 2.0.0 <= 3.0.0': two upper bounds (< 2.0.0 and <= 3.0.0)
            >= 1.0.0 = 1.2.0   | version range '>= 1.0.0 = 1.2.0': '=' cannot be combined with another comparator (>= 1.0.0, = 1.2.0)
            1.2.0 < 2.0.0      | version range '1.2.0 < 2.0.0': '=' cannot be combined with another comparator (= 1.2.0, < 2.0.0)
            >= 2.0.0 < 1.0.0   | version range '>= 2.0.0 < 1.0.0': no version lies between its bounds
            > 1.0.0 < 1.0.0    | version range '> 1.0.0 < 1.0.0': no version lies between its bounds
            """)
    void parse_refusesMalformedRangesSayingWhy(String text, String message) {
        assertThatThrownBy(() -> VersionRange.parse(text)).isInstanceOf(InvalidQueryException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            >= 1.0.0 <= 1.0.0 | 1.0.0 | true
            """)
    void inclusiveBoundsOnOneVersion_containThatVersion(String text, String version, boolean inside) {
        assertThat(VersionRange.parse(text).contains(ModelVersion.parse(version))).isEqualTo(inside);
    }

    @org.junit.jupiter.api.Test
    void builderVersions_wrapsTheParseErrorForTheQuery() {
        assertThatThrownBy(() -> Query.newBuilder().versions(">= x")).isInstanceOf(InvalidQueryException.class)
                .hasMessageStartingWith("version range '>= x': '>= x' is not a comparator");
    }
}
