// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import dev.mlops.metadata.internal.MetadataDto.ConstraintDto;
import dev.mlops.metadata.internal.MetadataDto.FeatureStatsDto;
import dev.mlops.metadata.internal.MetadataDto.HistogramDto;
import dev.mlops.metadata.internal.MetadataDto.TensorSpecDto;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The metadata rules that a standard Bean Validation annotation cannot state, as Hibernate Validator constraints: a
 * field rule is a field annotation, a cross-field rule a class-level annotation on the wire class it spans. With the
 * annotations on {@link MetadataDto}, Hibernate Validator is the one engine that checks a document.
 *
 * <p>The messages of these constraints are complete texts (see {@link Messages}); {@link MetadataValidator} does not
 * substitute {@code %s} in them.
 */
public final class MetadataRules {
    private MetadataRules() {
    }

    /** Builds violations whose text is final: escaped for the interpolator, never re-substituted. */
    static final class Messages {
        private final ConstraintValidatorContext context;
        private boolean any;

        Messages(ConstraintValidatorContext context) {
            this.context = context;
            context.disableDefaultConstraintViolation();
        }

        /** A violation at the bean itself. */
        void here(String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addConstraintViolation();
            any = true;
        }

        /** A violation at a property of the bean. */
        void at(String property, String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode(property)
                    .addConstraintViolation();
            any = true;
        }

        /** A violation at element {@code index} of a list property of the bean. */
        void at(String list, int index, String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode(list)
                    .addBeanNode().inIterable().atIndex(index).addConstraintViolation();
            any = true;
        }

        /** A violation at {@code property} of element {@code index} of a list property of the bean. */
        void at(String list, int index, String property, String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode(list)
                    .addPropertyNode(property).inIterable().atIndex(index).addConstraintViolation();
            any = true;
        }

        /** A violation at key {@code key} of the map {@code property} of the bean's {@code object}. */
        void atKey(String object, String property, String key, String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode(object)
                    .addPropertyNode(property).addBeanNode().inIterable().atKey(key).addConstraintViolation();
            any = true;
        }

        /**
         * A violation at {@code statistics.<side>.<tensor>.<feature>}: key {@code feature} of the map held under key
         * {@code tensor} of the map {@code statistics.<side>}.
         */
        void atStatistics(String side, String tensor, String feature, String message) {
            context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode("statistics")
                    .addPropertyNode(side).addContainerElementNode("<map value>", Map.class, 1).inIterable()
                    .atKey(tensor).addBeanNode().inIterable().atKey(feature).addConstraintViolation();
            any = true;
        }

        boolean valid() {
            return !any;
        }

        private static String escape(String message) {
            StringBuilder sb = new StringBuilder(message.length());
            for (int i = 0; i < message.length(); i++) {
                char c = message.charAt(i);
                if (c == '\\' || c == '{' || c == '}' || c == '$') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.toString();
        }
    }

    /** A string field holding an ISO-8601 date-time with offset. */
    @Target(FIELD)
    @Retention(RUNTIME)
    @Constraint(validatedBy = DateTimeValidator.class)
    public @interface DateTime {
        /** @return the message (built by the validator) */
        String message() default "is not a date-time";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link DateTime}. */
    public static final class DateTimeValidator implements ConstraintValidator<DateTime, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                new Messages(context).here("\"" + value
                        + "\" is not an ISO-8601 date-time with offset (e.g. 2026-11-23T10:15:30Z)");
                return false;
            }
        }
    }

    /** A string field naming a {@link DataType}. */
    @Target(FIELD)
    @Retention(RUNTIME)
    @Constraint(validatedBy = KnownDTypeValidator.class)
    public @interface KnownDType {
        /** @return the message (built by the validator) */
        String message() default "is not a dtype";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link KnownDType}. */
    public static final class KnownDTypeValidator implements ConstraintValidator<KnownDType, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || DataType.fromJsonName(value).isPresent()) {
                return true;
            }
            if (value.contains("<")) {
                try {
                    ValueType.parse(value);
                    return true;
                } catch (IllegalArgumentException e) {
                    new Messages(context).here(String.valueOf(e.getMessage()));
                    return false;
                }
            }
            new Messages(context).here("\"" + value + "\" is not a dtype (expected one of " + DataType.knownNames()
                    + "; outputs may also be sequence<DTYPE>, sequence<map<KEY,DTYPE>> or map<KEY,DTYPE>)");
            return false;
        }
    }

    /**
     * Reads a {@code dtype} that names a sequence or map type.
     *
     * @param dtype the field's value
     * @return the type; empty for a tensor dtype, a missing one, or one that does not parse (reported by
     *     {@link KnownDType})
     */
    static Optional<ValueType> nonTensor(@Nullable String dtype) {
        if (dtype == null || !dtype.contains("<")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ValueType.parse(dtype)).filter(v -> !v.isTensor());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A tensor spec whose parts agree: dimNames, features and range. */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ConsistentTensorValidator.class)
    public @interface ConsistentTensor {
        /** @return the message (built by the validator) */
        String message() default "inconsistent tensor spec";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link ConsistentTensor}. */
    public static final class ConsistentTensorValidator implements ConstraintValidator<ConsistentTensor, TensorSpecDto> {
        @Override
        public boolean isValid(TensorSpecDto t, ConstraintValidatorContext context) {
            if (t == null) {
                return true;
            }
            Messages out = new Messages(context);
            Optional<ValueType> nonTensor = nonTensor(t.dtype);
            if (nonTensor.isPresent()) {
                String type = nonTensor.get().jsonName();
                for (String field : List.of("shape", "dimNames", "features", "range")) {
                    boolean present = switch (field) {
                        case "shape" -> t.shape != null;
                        case "dimNames" -> t.dimNames != null;
                        case "features" -> t.features != null;
                        default -> t.range != null;
                    };
                    if (present) {
                        out.at(field, "a " + type + " is not a tensor and has no " + field + " (remove it)");
                    }
                }
                return out.valid();
            }
            if (t.shape == null && (t.dtype == null || !t.dtype.contains("<"))) { // a malformed sequence<...> has none
                out.at("shape", "is required (use [] for a scalar)");
            }
            int rank = t.shape == null ? -1 : t.shape.size();
            if (t.dimNames != null && rank >= 0 && t.dimNames.size() != rank) {
                out.at("dimNames", t.dimNames.size() + " names for a shape of rank " + rank
                        + " (expected one name per axis)");
            }
            if (t.features != null) {
                Set<String> seen = new HashSet<>();
                for (int f = 0; f < t.features.size(); f++) {
                    String name = t.features.get(f);
                    if (name != null && !seen.add(name)) {
                        out.at("features", f, "\"" + name + "\" is listed twice");
                    }
                }
                if (rank == 0) {
                    out.at("features", "a scalar has no feature axis");
                } else if (rank > 0) {
                    Long last = Objects.requireNonNull(t.shape).get(rank - 1);
                    if (last != null && last >= 0 && last != t.features.size()) {
                        out.at("features", t.features.size() + " names for a last axis of size " + last
                                + " (expected as many as the last axis)");
                    }
                }
            }
            if (t.range != null && t.range.min != null && t.range.max != null && t.range.min > t.range.max) {
                out.at("range", "min " + t.range.min + " is greater than max " + t.range.max);
            }
            return out.valid();
        }
    }

    /** A constraint with at least one bound, in order. */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = BoundedConstraintValidator.class)
    public @interface Bounded {
        /** @return the message (built by the validator) */
        String message() default "inconsistent bounds";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link Bounded}. */
    public static final class BoundedConstraintValidator implements ConstraintValidator<Bounded, ConstraintDto> {
        @Override
        public boolean isValid(ConstraintDto c, ConstraintValidatorContext context) {
            if (c == null) {
                return true;
            }
            Messages out = new Messages(context);
            if (c.min == null && c.max == null) {
                out.here("a constraint needs min, max or both");
            }
            if (c.min != null && c.max != null && c.min > c.max) {
                out.here("min " + c.min + " is greater than max " + c.max);
            }
            return out.valid();
        }
    }

    /**
     * A document whose parts refer to each other correctly: tensor names unique, capability keys not blank, constraints
     * naming declared inputs and their features, per-output tolerances naming declared outputs.
     */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ConsistentMetadataValidator.class)
    public @interface ConsistentMetadata {
        /** @return the message (built by the validator) */
        String message() default "inconsistent metadata";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link ConsistentMetadata}. */
    public static final class ConsistentMetadataValidator
            implements ConstraintValidator<ConsistentMetadata, MetadataDto> {
        @Override
        public boolean isValid(MetadataDto dto, ConstraintValidatorContext context) {
            if (dto == null) {
                return true;
            }
            Messages out = new Messages(context);
            Map<String, TensorSpecDto> inputs = tensors(dto.inputs, "inputs", out);
            Map<String, TensorSpecDto> outputs = tensors(dto.outputs, "outputs", out);
            if (dto.inputs != null) {
                for (int i = 0; i < dto.inputs.size(); i++) {
                    TensorSpecDto t = dto.inputs.get(i);
                    if (t != null && nonTensor(t.dtype).isPresent()) {
                        out.at("inputs", i, "dtype", "\"" + t.dtype + "\" is not a tensor type: inputs are tensors"
                                + " (sequence and map types are for outputs)");
                    }
                }
            }
            if (dto.capabilities != null) {
                for (String k : dto.capabilities.keySet()) {
                    if (k.isBlank()) {
                        out.at("capabilities", "capability keys must not be blank");
                    }
                }
            }
            if (dto.constraints != null) {
                for (int i = 0; i < dto.constraints.size(); i++) {
                    constraint(dto.constraints.get(i), i, inputs, out);
                }
            }
            if (dto.adequacy != null && dto.adequacy.perOutput != null) {
                for (String name : dto.adequacy.perOutput.keySet()) {
                    if (!outputs.containsKey(name)) {
                        out.atKey("adequacy", "perOutput", name, "names no declared output (outputs are " + outputs.keySet() + ")");
                    }
                }
            }
            if (dto.statistics != null) {
                statistics("inputs", dto.statistics.inputs, inputs, out);
                statistics("outputs", dto.statistics.outputs, outputs, out);
            }
            return out.valid();
        }

        private static Map<String, TensorSpecDto> tensors(@Nullable List<TensorSpecDto> specs, String where,
                Messages out) {
            Map<String, TensorSpecDto> byName = new HashMap<>();
            if (specs == null) {
                return byName;
            }
            for (int i = 0; i < specs.size(); i++) {
                TensorSpecDto t = specs.get(i);
                if (t != null && t.name != null && !t.name.isBlank() && byName.putIfAbsent(t.name, t) != null) {
                    out.at(where, i, "name", "\"" + t.name + "\" is already the name of another tensor in " + where
                            + " (names must be unique)");
                }
            }
            return byName;
        }

        /** {@code statistics.inputs} or {@code .outputs}: names declared tensors and their features. */
        private static void statistics(String side,
                @Nullable Map<String, @Nullable Map<String, FeatureStatsDto>> stats,
                Map<String, TensorSpecDto> declared, Messages out) {
            if (stats == null) {
                return;
            }
            String kind = side.substring(0, side.length() - 1);
            stats.forEach((tensor, features) -> {
                TensorSpecDto spec = declared.get(tensor);
                if (spec == null) {
                    out.atKey("statistics", side, tensor, "\"" + tensor + "\" is not a declared " + kind + " (" + side
                            + " are " + new TreeSet<>(declared.keySet()) + ")");
                } else if (features != null) {
                    for (String feature : features.keySet()) {
                        String problem = featureProblem(kind, tensor, spec, feature);
                        if (problem != null) {
                            out.atStatistics(side, tensor, feature, problem);
                        }
                    }
                }
            });
        }

        /** Why a feature key names no feature of its tensor, or {@code null} when it names one. */
        private static @Nullable String featureProblem(String kind, String tensor, TensorSpecDto spec, String feature) {
            if (spec.features != null && !spec.features.isEmpty()) {
                return spec.features.contains(feature) ? null : "\"" + feature + "\" is not a feature of " + kind
                        + " \"" + tensor + "\" (its features are " + spec.features + ")";
            }
            if (!feature.matches("0|[1-9][0-9]{0,8}")) {
                return "\"" + feature + "\" is not a feature index (" + kind + " \"" + tensor + "\" names no features,"
                        + " so its features are named by their index along the last axis: \"0\", \"1\", ...)";
            }
            long index = Long.parseLong(feature);
            long size = spec.shape == null ? -1 : spec.shape.isEmpty() ? 1
                    : Objects.requireNonNullElse(spec.shape.get(spec.shape.size() - 1), -1L);
            if (size >= 0 && index >= size) {
                return "\"" + feature + "\" is not a feature index of " + kind + " \"" + tensor + "\" (its last axis has "
                        + size + (size == 1 ? " element" : " elements") + ", indices 0 to " + (size - 1) + ")";
            }
            return null;
        }

        private static void constraint(ConstraintDto c, int i, Map<String, TensorSpecDto> inputs, Messages out) {
            if (c == null || c.input == null || c.input.isBlank()) {
                return;
            }
            TensorSpecDto input = inputs.get(c.input);
            if (input == null) {
                out.at("constraints", i, "input", "\"" + c.input + "\" is not a declared input (inputs are "
                        + inputs.keySet() + ")");
                return;
            }
            if (c.feature != null && (input.features == null || !input.features.contains(c.feature))) {
                out.at("constraints", i, "feature", "\"" + c.feature + "\" is not a feature of input \"" + c.input
                        + "\" (its features are " + (input.features == null ? "[]" : input.features) + ")");
            }
        }
    }

    /**
     * The statistics of one feature whose parts agree: missing within count, min not above max, either a histogram
     * (with min, max, mean and std) or categories (without them), 101 non-decreasing quantiles.
     */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ConsistentStatisticsValidator.class)
    public @interface ConsistentStatistics {
        /** @return the message (built by the validator) */
        String message() default "inconsistent feature statistics";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link ConsistentStatistics}. */
    public static final class ConsistentStatisticsValidator
            implements ConstraintValidator<ConsistentStatistics, FeatureStatsDto> {
        private static final int QUANTILES = 101;

        @Override
        public boolean isValid(FeatureStatsDto s, ConstraintValidatorContext context) {
            if (s == null) {
                return true;
            }
            Messages out = new Messages(context);
            if (s.count != null && s.missing != null && s.count >= 0 && s.missing > s.count) {
                out.at("missing", "missing " + s.missing + " is greater than count " + s.count);
            }
            boolean categorical = s.categories != null;
            boolean numeric = s.histogram != null && !categorical;
            if (s.histogram == null && !categorical) {
                out.here("needs a histogram (a numeric feature) or categories (a categorical feature)");
            }
            if (s.histogram != null && categorical) {
                out.at("histogram", "a feature has a histogram (numeric) or categories (categorical), not both");
            }
            Map<String, @Nullable Object> summary = new LinkedHashMap<>();
            summary.put("min", s.min);
            summary.put("max", s.max);
            summary.put("mean", s.mean);
            summary.put("std", s.std);
            if (numeric) {
                summary.forEach((name, value) -> {
                    if (value == null) {
                        out.at(name, "is required for a numeric feature (one with a histogram)");
                    }
                });
            } else if (categorical) {
                summary.put("quantiles", s.quantiles);
                summary.forEach((name, value) -> {
                    if (value != null) {
                        out.at(name, "is only for a numeric feature (one with a histogram), not a categorical one");
                    }
                });
            }
            if (s.min != null && s.max != null && s.min > s.max) {
                out.at("min", "min " + s.min + " is greater than max " + s.max);
            }
            if (s.quantiles != null) {
                List<Double> q = s.quantiles;
                if (q.size() != QUANTILES) {
                    out.at("quantiles", q.size() + " numbers; expected " + QUANTILES
                            + " (the 0th to the 100th percentile)");
                }
                for (int i = 1; i < q.size(); i++) {
                    Double before = q.get(i - 1);
                    Double here = q.get(i);
                    if (before != null && here != null && here < before) {
                        out.at("quantiles", i, here + " is below the quantile before it, " + before
                                + " (quantiles never decrease)");
                    }
                }
            }
            return out.valid();
        }
    }

    /** A histogram with one count per bin and strictly ascending edges. */
    @Target(TYPE)
    @Retention(RUNTIME)
    @Constraint(validatedBy = ConsistentHistogramValidator.class)
    public @interface ConsistentHistogram {
        /** @return the message (built by the validator) */
        String message() default "inconsistent histogram";

        /** @return the groups */
        Class<?>[] groups() default {};

        /** @return the payload */
        Class<? extends Payload>[] payload() default {};
    }

    /** Checks {@link ConsistentHistogram}. */
    public static final class ConsistentHistogramValidator
            implements ConstraintValidator<ConsistentHistogram, HistogramDto> {
        @Override
        public boolean isValid(HistogramDto h, ConstraintValidatorContext context) {
            if (h == null) {
                return true;
            }
            Messages out = new Messages(context);
            if (h.edges != null && h.counts != null && h.edges.size() >= 2 && h.counts.size() != h.edges.size() - 1) {
                out.at("counts", h.counts.size() + " counts for " + h.edges.size() + " edges (expected "
                        + (h.edges.size() - 1) + ", one per bin)");
            }
            if (h.edges != null) {
                for (int i = 1; i < h.edges.size(); i++) {
                    Double before = h.edges.get(i - 1);
                    Double here = h.edges.get(i);
                    if (before != null && here != null && here <= before) {
                        out.at("edges", i, here + " is not above the edge before it, " + before
                                + " (edges ascend strictly)");
                    }
                }
            }
            return out.valid();
        }
    }
}
