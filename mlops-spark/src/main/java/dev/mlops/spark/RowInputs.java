// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.spark.ColumnPlan.InputBinding;
import java.util.List;
import org.apache.spark.sql.Row;
import org.jspecify.annotations.Nullable;

/**
 * Reads one row's cells into the primitive arrays its inputs need, and stacks rows into batch tensors. One per
 * partition; not thread-safe.
 */
final class RowInputs {
    private final List<InputBinding> inputs;

    RowInputs(List<InputBinding> inputs) {
        this.inputs = inputs;
    }

    /** A row's values per input ({@code double[]}, {@code long[]}, {@code boolean[]} or {@code String[]}), or why not. */
    record Parsed(Object @Nullable [] values, @Nullable String error) {
    }

    /**
     * Reads a row.
     *
     * @return the values per input, in binding order, or an error naming the column and what was wrong
     */
    Parsed read(Row row) {
        Object[] values = new Object[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            InputBinding b = inputs.get(i);
            try {
                values[i] = read(b, row);
            } catch (CellException e) {
                return new Parsed(null, "input '" + b.input() + "': " + e.getMessage());
            }
        }
        return new Parsed(values, null);
    }

    /** A cell the input cannot take; the message names the column. */
    private static final class CellException extends Exception {
        private static final long serialVersionUID = 1L;

        CellException(String message) {
            super(message, null, false, false);
        }
    }

    private static Object read(InputBinding b, Row row) throws CellException {
        int n;
        List<?> array = null;
        if (b.kind() == ColumnPlan.Kind.ARRAY) {
            int col = b.columnIndex()[0];
            if (row.isNullAt(col)) {
                throw new CellException("column '" + b.columns().get(0) + "' is null");
            }
            array = row.getList(col);
            n = array.size();
            long expected = b.rowElements();
            if (expected >= 0 && n != expected) {
                throw new CellException("column '" + b.columns().get(0) + "' has " + n + " elements, expected "
                        + expected);
            }
            if (expected < 0 && (n == 0 || n % fixedElements(b) != 0)) {
                throw new CellException("column '" + b.columns().get(0) + "' has " + n
                        + " elements, expected a positive multiple of " + fixedElements(b));
            }
        } else {
            n = b.columnIndex().length;
        }
        DataType dtype = b.dtype();
        if (dtype == DataType.STRING) {
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = cell(b, row, array, i);
                out[i] = (String) v;
            }
            return out;
        }
        if (dtype == DataType.BOOL) {
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = (Boolean) cell(b, row, array, i);
            }
            return out;
        }
        if (dtype == DataType.INT64) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                Number v = (Number) cell(b, row, array, i);
                if ((v instanceof Double || v instanceof Float) && v.doubleValue() != Math.rint(v.doubleValue())) {
                    throw new CellException(name(b, i) + " holds " + v + ", not a whole number");
                }
                out[i] = v.longValue();
            }
            return out;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((Number) cell(b, row, array, i)).doubleValue();
        }
        if (!dtype.isFloatingPoint()) {
            for (int i = 0; i < n; i++) {
                if (out[i] != Math.rint(out[i])) {
                    throw new CellException(name(b, i) + " holds " + out[i] + ", not a whole number for "
                            + dtype);
                }
            }
        }
        return out;
    }

    private static long fixedElements(InputBinding b) {
        long n = 1;
        for (long d : b.rowDims()) {
            if (d > 0) {
                n *= d;
            }
        }
        return n;
    }

    private static String name(InputBinding b, int i) {
        return b.kind() == ColumnPlan.Kind.ARRAY ? "column '" + b.columns().get(0) + "' element " + i
                : "column '" + b.columns().get(i) + "'";
    }

    private static Object cell(InputBinding b, Row row, @Nullable List<?> array, int i) throws CellException {
        Object v;
        if (array != null) {
            v = array.get(i);
        } else {
            int col = b.columnIndex()[i];
            v = row.isNullAt(col) ? null : row.get(col);
        }
        if (v == null) {
            throw new CellException(name(b, i) + " is null");
        }
        return v;
    }

    /**
     * Stacks rows' values of one input into a tensor.
     *
     * @param input the input's position among the bindings
     * @param rows the rows' parsed values, every one of them valid
     * @param batched whether to stack along a batch axis (else exactly one row, in the declared shape)
     */
    Tensor tensor(int input, List<Object[]> rows, boolean batched) {
        InputBinding b = inputs.get(input);
        int count = rows.size();
        int per = length(rows.get(0)[input]);
        long[] dims = b.rowDims().clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                dims[i] = per / fixedElements(b);
            }
        }
        long[] shape;
        if (b.batchAxis()) {
            shape = new long[dims.length + 1];
            shape[0] = batched ? count : 1;
            System.arraycopy(dims, 0, shape, 1, dims.length);
        } else {
            shape = dims;
        }
        int total = per * count;
        switch (b.dtype()) {
            case STRING -> {
                String[] all = new String[total];
                for (int r = 0; r < count; r++) {
                    System.arraycopy((String[]) rows.get(r)[input], 0, all, r * per, per);
                }
                return Tensor.ofStrings(all, shape);
            }
            case BOOL -> {
                boolean[] all = new boolean[total];
                for (int r = 0; r < count; r++) {
                    System.arraycopy((boolean[]) rows.get(r)[input], 0, all, r * per, per);
                }
                return Tensor.ofBooleans(all, shape);
            }
            case INT64 -> {
                long[] all = new long[total];
                for (int r = 0; r < count; r++) {
                    System.arraycopy((long[]) rows.get(r)[input], 0, all, r * per, per);
                }
                return Tensor.ofLongs(all, shape);
            }
            case FLOAT32 -> {
                float[] all = new float[total];
                for (int r = 0; r < count; r++) {
                    double[] v = (double[]) rows.get(r)[input];
                    for (int i = 0; i < per; i++) {
                        all[r * per + i] = (float) v[i];
                    }
                }
                return Tensor.ofFloats(all, shape);
            }
            default -> {
                double[] all = new double[total];
                for (int r = 0; r < count; r++) {
                    System.arraycopy((double[]) rows.get(r)[input], 0, all, r * per, per);
                }
                return Tensor.fromDoubles(b.dtype(), all, shape);
            }
        }
    }

    private static int length(Object values) {
        return java.lang.reflect.Array.getLength(values);
    }
}
