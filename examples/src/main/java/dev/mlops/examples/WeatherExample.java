// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seeds' weather predictor, as application code uses it: pick the newest model that serves an area, use the
 * newer output only when the schema says it is there, and let the operating envelope refuse what the model was
 * never meant for.
 *
 * <pre>java -cp examples/target/examples.jar dev.mlops.examples.WeatherExample Jerusalem 20 80</pre>
 */
public final class WeatherExample {
    static final List<String> VERSIONS = List.of("1.1.0", "1.0.0"); // newest first

    private WeatherExample() {
    }

    /** What the application concludes for one reading. */
    record Forecast(String model, float rainProbability, Optional<Float> rainMm) {
    }

    /**
     * Prints a forecast.
     *
     * @param args area, celsius, humidity (default Jerusalem 20 80)
     */
    public static void main(String[] args) {
        ExamplePaths.quietLogging();
        String area = args.length > 0 ? args[0] : "Jerusalem";
        float celsius = args.length > 1 ? Float.parseFloat(args[1]) : 20f;
        float humidity = args.length > 2 ? Float.parseFloat(args[2]) : 80f;
        try (ModelRuntime runtime = ModelRuntime.newBuilder().repository(ExamplePaths.bundles()).build()) {
            forecast(runtime, area, celsius, humidity, System.out);
        }
    }

    static Optional<Forecast> forecast(ModelRuntime runtime, String area, float celsius, float humidity,
            PrintStream out) {
        for (String version : VERSIONS) {
            try (RuntimeModel model = runtime.open("weather", version)) {
                if (!model.metadata().capabilities().has("area", area)) {
                    continue;
                }
                Map<String, Tensor> y;
                try {
                    y = model.predict(Map.of("features", Tensor.ofFloats(new float[] {celsius, humidity}, 1, 2)));
                } catch (EnvelopeViolationException e) {
                    out.println("refused: " + e.getMessage());
                    return Optional.empty();
                }
                float p = Objects.requireNonNull(y.get("rain_probability")).toFloatArray()[0];
                Optional<Float> mm = model.metadata().schemaVersion().isAtLeast("1.1")
                        ? Optional.of(Objects.requireNonNull(y.get("rain_mm")).toFloatArray()[0])
                        : Optional.empty();
                Forecast f = new Forecast(model.metadata().name() + " " + model.metadata().version(), p, mm);
                out.printf("%s, %.1f C, %.0f%% humidity: rain %.0f%%%s (by %s on %s)%n", area, celsius, humidity,
                        100 * p, mm.map(v -> String.format(", %.1f mm", v)).orElse(""), f.model(),
                        model.executionProvider());
                return Optional.of(f);
            }
        }
        out.println("no weather model serves " + area);
        return Optional.empty();
    }
}
