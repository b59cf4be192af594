// SPDX-License-Identifier: Apache-2.0
package ${package};

import dev.mlops.api.MlopsException;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV table in memory: a header, feature columns, the target in the last column.
 *
 * <p>TODO: replace with your data type (a Tribuo {@code Dataset}, a path handed to a Python process, ...); the
 * project's {@code inputs} must still give the model's inputs for every row.
 *
 * @param name the dataset name, as metrics and the export's provenance name it
 * @param features the feature columns' names
 * @param x the features, one row per line
 * @param y the target of each row
 */
public record CsvTable(String name, List<String> features, float[][] x, float[] y) {

    /**
     * Reads a CSV file.
     *
     * @param name the dataset name
     * @param file the file
     * @return the table
     * @throws UncheckedIOException naming the file when it cannot be read
     * @throws MlopsException naming the file and line when a value is not a number
     */
    public static CsvTable read(String name, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.size() < 2) {
            throw new MlopsException(file + ": expected a header and at least one row");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int columns = header.size();
        int rows = lines.size() - 1;
        float[][] x = new float[rows][columns - 1];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            if (cells.length != columns) {
                throw new MlopsException(file + ": line " + (i + 2) + ": expected " + columns + " values, got "
                        + cells.length);
            }
            try {
                for (int c = 0; c < columns - 1; c++) {
                    x[i][c] = Float.parseFloat(cells[c]);
                }
                y[i] = Float.parseFloat(cells[columns - 1]);
            } catch (NumberFormatException e) {
                throw new MlopsException(file + ": line " + (i + 2) + ": expected numbers, got " + lines.get(i + 1),
                        e);
            }
        }
        return new CsvTable(name, List.copyOf(header.subList(0, columns - 1)), x, y);
    }

    /**
     * Returns the features as the model's input tensor.
     *
     * @return {@code [rows, features]}, FLOAT32
     */
    public Tensor inputs() {
        return Tensor.ofMatrix(x);
    }
}
