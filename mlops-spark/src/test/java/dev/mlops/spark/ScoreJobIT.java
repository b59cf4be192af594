// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on Spark's class path alone, in a JVM of its own, as {@code spark-submit} runs it: the job main
 * scores a CSV. Runs in {@code integration-test}, after {@code package} built the jar.
 */
class ScoreJobIT {
    @TempDir
    Path tmp;

    @Test
    void shadedJar_scoresACsv_onSparksClassPath() throws IOException, InterruptedException {
        String jar = System.getProperty("mlops.spark.jar");
        assumeTrue(jar != null && Files.exists(Path.of(jar)), "runs after package (mvn verify): no shaded jar yet");
        String sparkClasspath = Files.readString(Path.of(System.getProperty("mlops.spark.classpath"))).trim();
        Path input = tmp.resolve("events.csv");
        Files.writeString(input, "celsius,humidity\n20.0,80.0\n35.0,10.0\n120.0,50.0\n-10.0,60.0\n");
        Path output = tmp.resolve("scored");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("mlops.spark.jvmOptions").trim().split("\\s+")));
        cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
                "-cp", jar + File.pathSeparator + sparkClasspath, "dev.mlops.spark.ScoreJob",
                "--bundle", Path.of("../examples/bundles/weather/1.1.0").toAbsolutePath().normalize().toString(),
                "--input", input.toString(), "--output", output.toString(), "--format", "json",
                "--policy", "null-with-error"));
        Path log = tmp.resolve("job.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(4, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);

        assertThat(done).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("3 rows scored, 1 rejected by the envelope, 0 failed");
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".json"))::iterator) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(lines).hasSize(4);
        assertThat(lines).filteredOn(l -> l.contains("\"celsius\":120.0")).singleElement().asString()
                .contains("temperature > 100 C").doesNotContain("rain_probability");
        assertThat(lines).filteredOn(l -> l.contains("\"celsius\":20.0")).singleElement().asString()
                .contains("\"rain_probability\":0.967");
    }

    @Test
    void shadedJar_relocatesJackson_andLeavesSparkScalaHadoopAndSlf4jOut() throws IOException {
        String jar = System.getProperty("mlops.spark.jar");
        assumeTrue(jar != null && Files.exists(Path.of(jar)), "runs after package (mvn verify): no shaded jar yet");
        try (ZipFile zip = new ZipFile(jar)) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("dev/mlops/spark/ScoreJob.class", "dev/mlops/runtime/ModelRuntime.class")
                    .anyMatch(n -> n.startsWith("dev/mlops/spark/shaded/fasterxml/jackson/databind/"))
                    .noneMatch(n -> n.startsWith("com/fasterxml/") || n.startsWith("org/apache/spark/")
                            || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/")
                            || n.startsWith("org/slf4j/"));
        }
    }
}
