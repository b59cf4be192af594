// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.research;

import dev.mlops.api.MlopsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One split of the weather CSV: temperature and humidity, and whether it rained.
 *
 * @param dataset the dataset name
 * @param celsius the temperature of each row
 * @param humidity the relative humidity of each row, in percent
 * @param rain whether it rained (1) or not (0), of each row
 */
public record WeatherRows(String dataset, float[] celsius, float[] humidity, int[] rain) {

    /**
     * Reads one split of a CSV file {@code area,celsius,humidity,rain}.
     *
     * @param dataset the dataset name
     * @param file the file
     * @param testEvery every n-th data row is a test row
     * @param test whether to read the test rows (else the training rows)
     * @return the rows
     * @throws MlopsException naming the file and line of a malformed row
     */
    public static WeatherRows read(String dataset, Path file, int testEvery, boolean test) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals("area,celsius,humidity,rain")) {
            throw new MlopsException(file + ": line 1: expected the header area,celsius,humidity,rain");
        }
        List<float[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank() || ((i - 1) % testEvery == 0) != test) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            try {
                rows.add(new float[] {Float.parseFloat(cells[1]), Float.parseFloat(cells[2]),
                    Integer.parseInt(cells[3].strip())});
            } catch (RuntimeException e) {
                throw new MlopsException(file + ": line " + (i + 1) + ": expected area,celsius,humidity,rain with"
                        + " numbers, got '" + lines.get(i) + "'", e);
            }
        }
        float[] c = new float[rows.size()];
        float[] h = new float[rows.size()];
        int[] r = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            c[i] = rows.get(i)[0];
            h[i] = rows.get(i)[1];
            r[i] = (int) rows.get(i)[2];
        }
        return new WeatherRows(dataset, c, h, r);
    }

    /** @return the number of rows */
    public int size() {
        return rain.length;
    }
}
