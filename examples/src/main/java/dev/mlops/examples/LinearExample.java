// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import dev.mlops.api.RuntimeModel;
import dev.mlops.runtime.ModelRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The seed's Y = 2X + 1: open the shipped bundle (verified, gated by its {@code adequacy_test.csv}) and serve.
 *
 * <pre>java -cp examples/target/examples.jar dev.mlops.examples.LinearExample 1 2 3.5</pre>
 */
public final class LinearExample {
    private LinearExample() {
    }

    /**
     * Prints {@code y} for each {@code x} given.
     *
     * @param args values of x (default 1 2 3.5)
     */
    public static void main(String[] args) {
        ExamplePaths.quietLogging();
        run(args.length == 0 ? new String[] {"1", "2", "3.5"} : args, System.out);
    }

    static float[][] run(String[] xs, PrintStream out) {
        float[][] rows = new float[xs.length][1];
        for (int i = 0; i < xs.length; i++) {
            rows[i][0] = Float.parseFloat(xs[i]);
        }
        Path bundle = ExamplePaths.bundles().resolve("linear/1.0.0");
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                RuntimeModel model = runtime.open(bundle)) {
            float[][] ys = model.predict(rows);
            out.println(model.metadata().name() + " " + model.metadata().version() + " on "
                    + model.executionProvider() + " (" + model.deliveryId() + ")");
            for (int i = 0; i < rows.length; i++) {
                out.println("x = " + rows[i][0] + " -> y = " + Arrays.toString(ys[i]));
            }
            return ys;
        }
    }
}
