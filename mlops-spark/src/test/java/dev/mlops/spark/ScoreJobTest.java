// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ScoreJob from Java code, in this JVM's local[2] session. */
class ScoreJobTest {
    private static final String WEATHER = Path.of("../examples/bundles/weather/1.1.0").toString();
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkBundles.session();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void run_scoresACsvIntoParquet_andCountsTheRows() throws IOException {
        Path input = tmp.resolve("events.csv");
        Files.writeString(input, "celsius,humidity\n20.0,80.0\n35.0,10.0\n120.0,50.0\n");
        Path output = tmp.resolve("scored");

        ScoringRun run = ScoreJob.run(spark, "--bundle", WEATHER, "--input", input.toString(), "--output",
                output.toString(), "--policy", "null-with-error", "--batch-size", "2");

        assertThat(run.rowsScored()).isEqualTo(2);
        assertThat(run.rowsRejected()).isEqualTo(1);
        List<Row> rows = spark.read().parquet(output.toString()).orderBy("celsius").collectAsList();
        assertThat(rows).extracting(r -> r.getAs("mlops_error") == null).containsExactly(true, true, false);
        assertThat((Float) rows.get(0).getAs("rain_probability")).isBetween(0.96f, 0.97f);
    }

    @Test
    void run_rejectsAnUnknownOption_withTheUsage() {
        assertThatThrownBy(() -> ScoreJob.run(spark, "--bundle", WEATHER, "--frobnicate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --frobnicate").hasMessageContaining("usage: ScoreJob");
    }
}
