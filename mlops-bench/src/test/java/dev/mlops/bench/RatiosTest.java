// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The command line and the table of {@link Ratios}, without running any benchmark. */
class RatiosTest {

    @Test
    void parse_readsEveryOption() {
        Ratios.Settings s = Ratios.parse("-f", "2", "-wi", "4", "-w", "500ms", "-i", "6", "-r", "3s", "--include",
                "PredictBenchmark.sdk", "--model", "minilm", "--batch", "1,4,8", "--rounds", "3", "-v", "silent")
                .orElseThrow();

        assertThat(s.forks()).isEqualTo(2);
        assertThat(s.warmupIterations()).isEqualTo(4);
        assertThat(s.warmupTime()).isEqualTo(new TimeValue(500, TimeUnit.MILLISECONDS));
        assertThat(s.iterations()).isEqualTo(6);
        assertThat(s.time()).isEqualTo(TimeValue.seconds(3));
        assertThat(s.include()).isEqualTo("PredictBenchmark.sdk");
        assertThat(s.models()).containsExactly("minilm");
        assertThat(s.batches()).containsExactly(1, 4, 8);
        assertThat(s.rounds()).isEqualTo(3);
        assertThat(s.verbosity()).isEqualTo(VerboseMode.SILENT);
    }

    @Test
    void parse_withoutArguments_givesTheDefaults() {
        assertThat(Ratios.parse()).contains(Ratios.Settings.defaults());
    }

    @Test
    void parse_help_givesNoSettings() {
        assertThat(Ratios.parse("-f", "1", "--help")).isEmpty();
    }

    @Test
    void parse_rejectsUnknownOptionsAndBadValues_namingTheOption() {
        assertThatThrownBy(() -> Ratios.parse("--forks", "1")).hasMessageContaining("--forks: unknown option");
        assertThatThrownBy(() -> Ratios.parse("-i", "0")).hasMessageContaining("-i: '0' is not a whole number >= 1");
        assertThatThrownBy(() -> Ratios.parse("-r", "soon")).hasMessageContaining("-r: 'soon'");
        assertThatThrownBy(() -> Ratios.parse("--model", "mlp,bert")).hasMessageContaining("'bert'");
        assertThatThrownBy(() -> Ratios.parse("-wi")).hasMessageContaining("-wi: needs a value");
    }

    @Test
    void table_showsBothScoresTheRatioSdkOverRaw_andTheMedianOverRounds() {
        Ratios.Score raw = new Ratios.Score(100, 10, "us/op");
        List<Ratios.Row> rows = List.of(
                new Ratios.Row(1, "mlp", 1, Optional.of(raw), Optional.of(new Ratios.Score(120, 12, "us/op"))),
                new Ratios.Row(2, "mlp", 1, Optional.of(raw), Optional.of(new Ratios.Score(110, Double.NaN, "us/op"))),
                new Ratios.Row(3, "mlp", 1, Optional.of(raw), Optional.of(new Ratios.Score(150, 1, "us/op"))));

        String table = Ratios.table(rows);

        assertThat(table).contains("raw us/op").contains("sdk us/op").contains("sdk/raw")
                .contains("100.0 ± 10.0").contains("120.0 ± 12.0").contains("1.200  0.982 .. 1.467")
                .contains("110.0 ± ?").contains("1.100  n/a")
                .containsPattern("median over rounds\\R.*\\Rmlp\\s+1\\s+1.200  1.100 .. 1.500");
    }

    @Test
    void table_clampsTheLowerRatioBoundAtZero_whenTheSdkIntervalReachesBelowZero() {
        String table = Ratios.table(List.of(new Ratios.Row(1, "mlp", 8, Optional.of(new Ratios.Score(10, 2, "us/op")),
                Optional.of(new Ratios.Score(10, 15, "us/op")))));

        assertThat(table).contains("1.000  0.000 .. 3.125").doesNotContain("-");
    }

    @Test
    void table_saysNotAvailable_whenTheFilterLeftOutOneSide() {
        String table = Ratios.table(List.of(new Ratios.Row(1, "minilm", 8, Optional.empty(),
                Optional.of(new Ratios.Score(5000, 50, "us/op")))));

        assertThat(table).contains("5,000 ± 50").contains("n/a");
    }
}
