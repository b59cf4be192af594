// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Element types a tensor may have, named as in {@code metadata.json}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum DataType {
    /** IEEE 754 single precision. */
    FLOAT32("float32", 4),
    /** IEEE 754 double precision. */
    FLOAT64("float64", 8),
    /** IEEE 754 half precision; carried as {@code float} values in Java. */
    FLOAT16("float16", 2),
    /** Brain floating point; carried as {@code float} values in Java. */
    BFLOAT16("bfloat16", 2),
    /** Signed 8-bit integer. */
    INT8("int8", 1),
    /** Unsigned 8-bit integer; carried as {@code byte} bits in Java. */
    UINT8("uint8", 1),
    /** Signed 16-bit integer. */
    INT16("int16", 2),
    /** Signed 32-bit integer. */
    INT32("int32", 4),
    /** Signed 64-bit integer. */
    INT64("int64", 8),
    /** Boolean. */
    BOOL("bool", 1),
    /** UTF-8 string. */
    STRING("string", 0);

    private final String jsonName;
    private final int byteSize;

    DataType(String jsonName, int byteSize) {
        this.jsonName = jsonName;
        this.byteSize = byteSize;
    }

    /**
     * Returns the name used in {@code metadata.json} and case files.
     *
     * @return the lower-case name, for example {@code "float32"}
     */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Returns the size of one element.
     *
     * @return bytes per element; {@code 0} for {@link #STRING}, whose elements vary
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Tells whether elements are floating point (and so may be NaN or infinite).
     *
     * @return {@code true} for float16, bfloat16, float32 and float64
     */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
    }

    /**
     * Tells whether elements are numbers that can be compared with a tolerance.
     *
     * @return {@code true} for every type but string and bool
     */
    public boolean isNumeric() {
        return this != STRING && this != BOOL;
    }

    /**
     * Looks a type up by its JSON name.
     *
     * @param jsonName a name such as {@code "int64"}
     * @return the type, or empty when the name is unknown
     */
    public static Optional<DataType> fromJsonName(String jsonName) {
        for (DataType t : values()) {
            if (t.jsonName.equals(jsonName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the JSON names of every type, for error messages.
     *
     * @return for example {@code "float32, float64, ..."}
     */
    public static String knownNames() {
        return Arrays.stream(values()).map(DataType::jsonName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
