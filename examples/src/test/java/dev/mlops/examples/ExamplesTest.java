// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExamplesTest {
    static ModelRuntime runtime;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).repository(ExamplePaths.bundles())
                .build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linear_servesTwoXPlusOne() {
        float[][] y = LinearExample.run(new String[] {"1", "2", "3.5"}, out);
        assertThat(y).isEqualTo(new float[][] {{3f}, {5f}, {8f}});
        assertThat(printed()).contains("x = 3.5 -> y = [8.0]").contains("on cpu");
    }

    @Test
    void weather_usesTheNewerOutputOnlyWhereTheSchemaHasIt() {
        Optional<WeatherExample.Forecast> f = WeatherExample.forecast(runtime, "Jerusalem", 20f, 80f, out);
        assertThat(f).isPresent();
        assertThat(f.get().model()).isEqualTo("weather 1.1.0");
        float[] expected = WeatherModels.reference(20f, 80f);
        assertThat(f.get().rainProbability()).isCloseTo(expected[0], org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(f.get().rainMm()).hasValueSatisfying(mm -> assertThat(mm).isCloseTo(expected[1],
                org.assertj.core.data.Offset.offset(1e-4f)));
        assertThat(printed()).contains("Jerusalem, 20.0 C, 80% humidity: rain 97%, 10.0 mm");
    }

    @Test
    void weather_findsNoModelForAnAreaNoneServes() {
        assertThat(WeatherExample.forecast(runtime, "Hebron", 20f, 80f, out)).isEmpty();
        assertThat(printed()).contains("no weather model serves Hebron");
    }

    @Test
    void weather_refusesTemperaturesAboveTheEnvelope() {
        assertThat(WeatherExample.forecast(runtime, "Beit-Shemesh", 101f, 50f, out)).isEmpty();
        assertThat(printed()).contains("refused:").contains("celsius").contains("101.0")
                .contains("temperature > 100 C: don't use me");
    }

    @Test
    void shippedWeatherModels_areTheOnesBuiltInCode() throws IOException {
        Path weather = ExamplePaths.bundles().resolve("weather");
        assertThat(Files.readAllBytes(weather.resolve("1.0.0/model.onnx"))).isEqualTo(WeatherModels.build(false));
        assertThat(Files.readAllBytes(weather.resolve("1.1.0/model.onnx"))).isEqualTo(WeatherModels.build(true));
    }
}
