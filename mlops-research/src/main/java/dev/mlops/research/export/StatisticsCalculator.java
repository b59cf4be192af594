// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the {@code statistics} section from training data: per feature count, missing, min, max, mean, population
 * standard deviation, an equal-width histogram between min and max, and the 101 percentiles (linear interpolation
 * between order statistics, NumPy's default). Stateless and thread-safe.
 */
final class StatisticsCalculator {
    /** The histogram bins when the export does not say. */
    static final int DEFAULT_BINS = 10;

    private StatisticsCalculator() {
    }

    static DataStatistics compute(DatasetRef dataset, TrainingData data, List<TensorSpec> inputs,
            List<TensorSpec> outputs, int bins) {
        return new DataStatistics(java.util.Optional.of(dataset),
                side("input", data.inputs(), inputs, dataset.name(), bins),
                side("output", data.outputs(), outputs, dataset.name(), bins));
    }

    private static Map<String, Map<String, FeatureStatistics>> side(String kind, Map<String, Tensor> tensors,
            List<TensorSpec> declared, String dataset, int bins) {
        Map<String, Map<String, FeatureStatistics>> out = new LinkedHashMap<>();
        tensors.forEach((name, values) -> {
            TensorSpec spec = declared.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ExportException("training data: \"" + name + "\" is not a declared " + kind
                            + " (" + kind + "s are " + declared.stream().map(TensorSpec::name).toList() + ")"));
            long[] shape = values.shape();
            int width = Math.toIntExact(shape[shape.length - 1]);
            if (!spec.features().isEmpty() && spec.features().size() != width) {
                throw new ExportException("training data: " + kind + " \"" + name + "\" has " + width + " features "
                        + "along its last axis, but its spec names " + spec.features().size() + " " + spec.features());
            }
            int rows = width == 0 ? 0 : values.size() / width;
            Map<String, FeatureStatistics> features = new LinkedHashMap<>();
            for (int f = 0; f < width; f++) {
                String feature = spec.features().isEmpty() ? String.valueOf(f) : spec.features().get(f);
                String where = kind + " \"" + name + "\" feature \"" + feature + "\" of dataset \"" + dataset + "\"";
                features.put(feature, values.dtype() == DataType.STRING
                        ? categorical(values.toStringArray(), f, width, rows, where)
                        : numeric(values, f, width, rows, bins, where));
            }
            out.put(name, features);
        });
        return out;
    }

    private static FeatureStatistics categorical(String[] all, int feature, int width, int rows, String where) {
        Map<String, Long> counts = new TreeMap<>();
        long missing = 0;
        for (int r = 0; r < rows; r++) {
            String v = all[r * width + feature];
            if (v.isEmpty()) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        if (counts.isEmpty()) {
            throw new ExportException("statistics: " + where + " has no values: " + (rows == 0 ? "the data has no rows"
                    : "all " + rows + " are missing (empty strings)"));
        }
        return new FeatureStatistics.Categorical(rows, missing, counts);
    }

    static FeatureStatistics.Numeric numeric(Tensor values, int feature, int width, int rows, int bins,
            String where) {
        double[] present = new double[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            double v = values.getDouble(r * width + feature);
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isInfinite(v)) {
                throw new ExportException("statistics: " + where + " holds " + v + " at row " + r + " (statistics need"
                        + " finite values; write a missing value as NaN)");
            }
            present[n++] = v;
        }
        if (n == 0) {
            throw new ExportException("statistics: " + where + " has no values: " + (rows == 0 ? "the data has no rows"
                    : "all " + rows + " are missing (NaN)"));
        }
        double[] sorted = Arrays.copyOf(present, n);
        Arrays.sort(sorted);
        double min = sorted[0];
        double max = sorted[n - 1];
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = Math.min(max, Math.max(min, sum / n));
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / n);
        double[] edges = edges(min, max, bins);
        List<Long> counts = new ArrayList<>();
        long[] c = new long[edges.length - 1];
        for (double v : sorted) {
            int i = Arrays.binarySearch(edges, v);
            int bin = i >= 0 ? i : -i - 2; // the last edge at or below v
            c[Math.max(0, Math.min(c.length - 1, bin))]++;
        }
        for (long x : c) {
            counts.add(x);
        }
        List<Double> edgeList = new ArrayList<>();
        for (double e : edges) {
            edgeList.add(e);
        }
        return new FeatureStatistics.Numeric(rows, rows - n, min, max, mean, std, new Histogram(edgeList, counts),
                quantiles(sorted));
    }

    /** Equal-width edges from min to max; one bin around the value for a constant feature. */
    static double[] edges(double min, double max, int bins) {
        if (min < max) {
            double[] e = new double[bins + 1];
            for (int i = 0; i <= bins; i++) {
                e[i] = i == bins ? max : min + (max - min) * i / bins;
            }
            boolean ascending = true;
            for (int i = 1; i < e.length; i++) {
                ascending &= e[i] > e[i - 1];
            }
            return ascending ? e : new double[] {min, max};
        }
        double half = Math.max(0.5, Math.abs(min) * 1e-6);
        return new double[] {min - half, min + half};
    }

    /** The 0th to the 100th percentile of sorted values, interpolated linearly between order statistics. */
    static List<Double> quantiles(double[] sorted) {
        List<Double> q = new ArrayList<>(FeatureStatistics.QUANTILES);
        int n = sorted.length;
        for (int p = 0; p < FeatureStatistics.QUANTILES; p++) {
            double h = (n - 1) * (p / 100.0);
            int lo = (int) Math.floor(h);
            int hi = Math.min(n - 1, lo + 1);
            double v = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
            q.add(Math.max(p == 0 ? v : q.get(p - 1), v)); // never below the one before, whatever the rounding
        }
        return q;
    }
}
