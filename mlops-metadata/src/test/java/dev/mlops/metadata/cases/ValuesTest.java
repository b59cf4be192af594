// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written number checks the CSV reader uses per cell agree with the JSON grammar's regexes. */
class ValuesTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "7", "-12", "01", "-01", "1.", ".5", "1.5", "-1.25e3", "1e", "1e+", "1E-7",
        "1.5e+10", "+1", "0x1f", "1f", "1,5", "", "-", " 1", "1 ", "NaN", "1.2.3", "00", "10", "1e5.5", "999999999999999999999999999"})
    void isNumberAndIsInteger_agreeWithTheRegexes(String s) {
        assertThat(Values.isNumber(s)).as(s).isEqualTo(Values.NUMBER.matcher(s).matches());
        assertThat(Values.isInteger(s)).as(s).isEqualTo(Values.INTEGER.matcher(s).matches());
    }
}
