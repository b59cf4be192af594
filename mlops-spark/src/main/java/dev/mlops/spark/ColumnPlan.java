// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How the columns of a dataset feed a model's inputs and receive its outputs, worked out on the driver from the
 * metadata and the dataset's schema, and shipped to the executors. Immutable.
 */
final class ColumnPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How an input's per-row elements are laid out in the dataset. */
    enum Kind {
        /** One column holds the row's single element. */
        SCALAR,
        /** One column per element of the last axis (a {@code [-1, k]} input's features). */
        FEATURES,
        /** One array column holds the row's elements, row-major. */
        ARRAY
    }

    /**
     * One model input.
     *
     * @param input the input's name
     * @param dtype its element type
     * @param kind how its columns are laid out
     * @param columns the column names
     * @param columnIndex the columns' positions in the input schema
     * @param rowDims the dimensions of one row's slice ({@code -1} for a length taken from the row's array)
     * @param batchAxis whether the declared shape has a dynamic first axis that rows are stacked along
     */
    record InputBinding(String input, DataType dtype, Kind kind, List<String> columns, int[] columnIndex,
            long[] rowDims, boolean batchAxis) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** @return the elements of one row, or -1 when a dimension is taken from the row */
        long rowElements() {
            long n = 1;
            for (long d : rowDims) {
                if (d < 0) {
                    return -1;
                }
                n *= d;
            }
            return n;
        }
    }

    /**
     * One model output.
     *
     * @param output the output's name
     * @param column the column it fills
     * @param dtype its element type
     * @param scalar whether a row's slice holds one element (a scalar column) rather than an array
     */
    record OutputBinding(String output, String column, DataType dtype, boolean scalar) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @SuppressWarnings("serial") // List.copyOf's lists are serializable, and so are the bindings
    private final List<InputBinding> inputs;
    @SuppressWarnings("serial") // as above
    private final List<OutputBinding> outputs;
    private final boolean batched;
    private final String errorColumn;
    private final int inputWidth;
    private final StructType outputSchema;

    private ColumnPlan(List<InputBinding> inputs, List<OutputBinding> outputs, boolean batched, String errorColumn,
            StructType inputSchema, StructType outputSchema) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.batched = batched;
        this.errorColumn = errorColumn;
        this.inputWidth = inputSchema.fields().length;
        this.outputSchema = outputSchema;
    }

    List<InputBinding> inputs() {
        return inputs;
    }

    List<OutputBinding> outputs() {
        return outputs;
    }

    /**
     * @return whether rows may be stacked into one batch tensor (every input and output has a dynamic first axis);
     *     rows whose variable-length inputs differ in length go to separate batches
     */
    boolean batched() {
        return batched;
    }

    String errorColumn() {
        return errorColumn;
    }

    int inputWidth() {
        return inputWidth;
    }

    StructType outputSchema() {
        return outputSchema;
    }

    /**
     * Plans the mapping.
     *
     * @param meta the model's metadata
     * @param schema the dataset's schema
     * @param inputColumns the caller's columns per input; an input not named gets the default mapping
     * @param outputColumns the caller's column per output; empty means every tensor output, named after it
     * @param errorColumn the error column's name
     * @throws InvalidInputException naming the input, output or column at fault and what was expected
     */
    static ColumnPlan of(ModelMetadata meta, StructType schema, Map<String, List<String>> inputColumns,
            Map<String, String> outputColumns, String errorColumn) {
        List<String> problems = new ArrayList<>();
        for (String name : inputColumns.keySet()) {
            if (meta.input(name).isEmpty()) {
                problems.add("inputColumns: '" + name + "' is not an input of " + meta.name() + " (its inputs are "
                        + meta.inputs().stream().map(TensorSpec::name).toList() + ")");
            }
        }
        List<InputBinding> ins = new ArrayList<>();
        boolean batched = true;
        for (TensorSpec spec : meta.inputs()) {
            if (!spec.isTensor()) {
                problems.add("input '" + spec.name() + "' is a " + spec.type() + ", not a tensor: not scorable on Spark");
                continue;
            }
            InputBinding b = input(spec, schema, inputColumns.get(spec.name()), problems);
            if (b != null) {
                ins.add(b);
                batched &= b.batchAxis(); // rows of one length share a batch (PartitionScorer)
            }
        }
        Map<String, String> outs = new LinkedHashMap<>(outputColumns);
        if (outs.isEmpty()) {
            meta.outputs().stream().filter(TensorSpec::isTensor).forEach(o -> outs.put(o.name(), o.name()));
        }
        List<OutputBinding> outBindings = new ArrayList<>();
        StructType out = schema;
        for (Map.Entry<String, String> e : outs.entrySet()) {
            TensorSpec spec = meta.output(e.getKey()).orElse(null);
            if (spec == null) {
                problems.add("outputColumns: '" + e.getKey() + "' is not an output of " + meta.name()
                        + " (its outputs are " + meta.outputs().stream().map(TensorSpec::name).toList() + ")");
                continue;
            }
            if (!spec.isTensor()) {
                problems.add("outputColumns: '" + e.getKey() + "' is a " + spec.type()
                        + ", not a tensor: not scorable on Spark");
                continue;
            }
            Shape shape = spec.shape();
            batched &= shape.rank() >= 1 && shape.dimension(0) == Shape.DYNAMIC;
            boolean scalar = perRowElements(shape) == 1;
            if (Arrays.asList(out.fieldNames()).contains(e.getValue())) {
                problems.add("outputColumns: column '" + e.getValue() + "' for output '" + e.getKey()
                        + "' is already in the dataset");
                continue;
            }
            org.apache.spark.sql.types.DataType element = sparkType(spec.dtype());
            out = out.add(e.getValue(), scalar ? element : DataTypes.createArrayType(element, false), true);
            outBindings.add(new OutputBinding(spec.name(), e.getValue(), spec.dtype(), scalar));
        }
        if (Arrays.asList(out.fieldNames()).contains(errorColumn)) {
            problems.add("errorColumn: '" + errorColumn + "' is already in the dataset");
        } else {
            out = out.add(errorColumn, DataTypes.StringType, true);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("cannot score " + meta.name() + " " + meta.version() + " on columns "
                    + Arrays.toString(schema.fieldNames()) + ": " + String.join("; ", problems));
        }
        return new ColumnPlan(ins, outBindings, batched, errorColumn, schema, out);
    }

    /** The elements of one row of an output: the declared shape less a batch axis, 1 for {@code [-1]}. */
    private static long perRowElements(Shape shape) {
        long n = 1;
        int from = shape.rank() >= 1 && (shape.dimension(0) == Shape.DYNAMIC || shape.dimension(0) == 1) ? 1 : 0;
        for (int i = from; i < shape.rank(); i++) {
            if (shape.dimension(i) < 0) {
                return -1;
            }
            n *= shape.dimension(i);
        }
        return n;
    }

    private static @org.jspecify.annotations.Nullable InputBinding input(TensorSpec spec, StructType schema,
            @org.jspecify.annotations.Nullable List<String> given, List<String> problems) {
        Shape shape = spec.shape();
        boolean batchAxis = shape.rank() >= 1 && (shape.dimension(0) == Shape.DYNAMIC || shape.dimension(0) == 1);
        long[] all = shape.toArray();
        long[] rowDims = batchAxis ? Arrays.copyOfRange(all, 1, all.length) : all;
        boolean dynamicFirst = shape.rank() >= 1 && shape.dimension(0) == Shape.DYNAMIC;
        int dynamic = 0;
        long elements = 1;
        for (long d : rowDims) {
            if (d < 0) {
                dynamic++;
            } else {
                elements *= d;
            }
        }
        String where = "input '" + spec.name() + "' " + spec.dtype() + shape;
        if (dynamic > 1) {
            problems.add(where + " has more than one dynamic axis besides the batch: not scorable from columns");
            return null;
        }
        List<String> columns;
        Kind kind;
        if (given != null) {
            columns = List.copyOf(given);
            if (dynamic == 0 && columns.size() == elements && elements == 1) {
                kind = Kind.SCALAR;
            } else if (dynamic == 0 && columns.size() == elements && rowDims.length == 1) {
                kind = Kind.FEATURES;
            } else if (columns.size() == 1) {
                kind = Kind.ARRAY;
            } else {
                problems.add("inputColumns: " + where + " takes one array column or " + elements
                        + " columns, one per feature; got " + columns);
                return null;
            }
        } else if (dynamic == 0 && elements == 1) {
            kind = Kind.SCALAR;
            columns = List.of(spec.features().size() == 1 ? spec.features().get(0) : spec.name());
        } else if (dynamic == 0 && rowDims.length == 1 && spec.features().size() == elements) {
            kind = Kind.FEATURES;
            columns = spec.features();
        } else {
            kind = Kind.ARRAY;
            columns = List.of(spec.name());
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        int[] index = new int[columns.size()];
        boolean ok = true;
        for (int i = 0; i < columns.size(); i++) {
            index[i] = names.indexOf(columns.get(i));
            if (index[i] < 0) {
                problems.add(where + ": no column '" + columns.get(i) + "' in the dataset"
                        + (given == null ? " (the default mapping; name the columns with inputColumns)" : ""));
                ok = false;
                continue;
            }
            StructField f = schema.fields()[index[i]];
            String typeProblem = typeProblem(spec.dtype(), kind, f.dataType());
            if (typeProblem != null) {
                problems.add(where + ": column '" + f.name() + "' is " + f.dataType().simpleString() + ", "
                        + typeProblem);
                ok = false;
            }
        }
        return ok ? new InputBinding(spec.name(), spec.dtype(), kind, columns, index, rowDims, dynamicFirst) : null;
    }

    private static @org.jspecify.annotations.Nullable String typeProblem(DataType dtype, Kind kind,
            org.apache.spark.sql.types.DataType column) {
        org.apache.spark.sql.types.DataType element = column;
        if (kind == Kind.ARRAY) {
            if (!(column instanceof org.apache.spark.sql.types.ArrayType a)) {
                return "expected an array column";
            }
            element = a.elementType();
        }
        if (dtype == DataType.STRING) {
            return element.equals(DataTypes.StringType) ? null : "expected strings";
        }
        if (dtype == DataType.BOOL) {
            return element.equals(DataTypes.BooleanType) ? null : "expected booleans";
        }
        return element instanceof org.apache.spark.sql.types.NumericType ? null : "expected numbers";
    }

    /** The Spark type of a tensor element type. */
    static org.apache.spark.sql.types.DataType sparkType(DataType dtype) {
        return switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case INT8 -> DataTypes.ByteType;
            case INT16 -> DataTypes.ShortType;
            case UINT8, INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case BOOL -> DataTypes.BooleanType;
            case STRING -> DataTypes.StringType;
        };
    }
}
