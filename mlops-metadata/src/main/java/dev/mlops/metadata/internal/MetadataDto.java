// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The wire form of {@code metadata.json} 1.x, bound by Jackson and checked by Hibernate Validator.
 *
 * <p>Mutable and internal: it exists only between parsing and the immutable {@code ModelMetadata}. Messages
 * containing {@code %s} get the offending value in its place (see {@link MetadataValidator}).
 */
@MetadataRules.ConsistentMetadata
public final class MetadataDto {
    static final String SAFE_PATH = "^(?!/)(?!.*\\\\)(?!.*:)(?!(.*/)?\\.\\.?(/|$))(?!.*//)(?!.*/$)[^/].*$";
    static final String SHA256 = "^[0-9a-f]{64}$";

    @NotBlank(message = "is required")
    public @Nullable String schemaVersion;

    @NotNull(message = "is required")
    @Size(min = 1, max = 128, message = "must be 1 to 128 characters")
    @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            message = "%s is not a model name (letters, digits, '.', '_', '-'; starting with a letter or digit)")
    public @Nullable String name;

    @NotNull(message = "is required")
    @Pattern(regexp = "^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})$",
            message = "%s is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)")
    public @Nullable String version;

    @Size(min = 1, max = 256, message = "must be 1 to 256 characters")
    public @Nullable String buildId;

    public @Nullable String description;
    public @Nullable String author;
    @MetadataRules.DateTime
    public @Nullable String createdAt;
    public @Nullable String modelType;

    @Valid
    public @Nullable ArtifactDto artifact;

    @NotNull(message = "is required: a model needs at least one input")
    @Size(min = 1, message = "is empty: a model needs at least one input")
    public @Nullable List<@NotNull(message = "must be a tensor spec object") @Valid TensorSpecDto> inputs;

    @NotNull(message = "is required: a model needs at least one output")
    @Size(min = 1, message = "is empty: a model needs at least one output")
    public @Nullable List<@NotNull(message = "must be a tensor spec object") @Valid TensorSpecDto> outputs;

    public @Nullable Map<String, List<@NotNull(message = "must be a string") String>> capabilities;

    public @Nullable List<@NotNull(message = "must be a constraint object") @Valid ConstraintDto> constraints;

    @Valid
    public @Nullable PreprocessingDto preprocessing;

    @Valid
    public @Nullable AdequacyDto adequacy;

    public @Nullable List<@NotNull(message = "must be a metric object") @Valid MetricDto> metrics;

    @Valid
    public @Nullable ProvenanceDto provenance;

    @Valid
    public @Nullable RuntimeDto runtime;

    public @Nullable Map<String, Object> extensions;

    /** Schema 1.1: what the training data looked like; in a document of an older schema, an unknown field. */
    @Valid
    public @Nullable StatisticsDto statistics;

    /** {@code artifact}. */
    public static final class ArtifactDto {
        @NotNull(message = "is required")
        @Pattern(regexp = "^onnx$", message = "%s is not a supported format (expected \"onnx\")")
        public @Nullable String format;

        @NotNull(message = "is required")
        @Pattern(regexp = SAFE_PATH, message = "%s is not a safe relative path (no leading '/', '\\', ':', '.' or '..' segments)")
        public @Nullable String path;
    }

    /** A tensor spec in {@code inputs} or {@code outputs}. */
    @MetadataRules.ConsistentTensor
    public static final class TensorSpecDto {
        @NotBlank(message = "is required")
        public @Nullable String name;

        @NotNull(message = "is required")
        @MetadataRules.KnownDType
        public @Nullable String dtype;

        /** Required for a tensor ({@link MetadataRules.ConsistentTensor} checks it); absent for a sequence or map. */
        public @Nullable List<@NotNull(message = "must be an integer") @Min(value = -1,
                message = "%s is not a dimension (use -1 for dynamic)") Long> shape;

        public @Nullable List<@NotNull(message = "must be a string") String> dimNames;
        public @Nullable String description;
        public @Nullable String unit;
        public @Nullable List<@NotNull(message = "must be a string") String> features;

        @Valid
        public @Nullable RangeDto range;
    }

    /** {@code range}. */
    public static final class RangeDto {
        @NotNull(message = "is required")
        public @Nullable Double min;

        @NotNull(message = "is required")
        public @Nullable Double max;
    }

    /** One operating-envelope constraint. */
    @MetadataRules.Bounded
    public static final class ConstraintDto {
        @NotBlank(message = "is required")
        public @Nullable String input;

        public @Nullable String feature;
        public @Nullable Double min;
        public @Nullable Double max;

        @Pattern(regexp = "^(reject|warn)$", message = "%s is not an action (expected \"reject\" or \"warn\")")
        public @Nullable String action;

        public @Nullable String message;
    }

    /** {@code preprocessing}. */
    public static final class PreprocessingDto {
        @NotBlank(message = "is required")
        public @Nullable String name;

        @NotBlank(message = "is required")
        public @Nullable String version;
    }

    /** {@code adequacy}. */
    public static final class AdequacyDto {
        @NotNull(message = "is required")
        @Pattern(regexp = SAFE_PATH, message = "%s is not a safe relative path (no leading '/', '\\', ':', '.' or '..' segments)")
        @Pattern(regexp = "^.*\\.(jsonl|csv)$", message = "%s must end in .jsonl or .csv")
        public @Nullable String cases;

        @Valid
        public @Nullable ToleranceDto tolerance;

        public @Nullable Map<String, @NotNull(message = "must be a tolerance object") @Valid ToleranceDto> perOutput;
    }

    /** A tolerance. */
    public static final class ToleranceDto {
        @DecimalMin(value = "0", message = "%s is not a tolerance (expected a number >= 0)")
        public @Nullable Double absolute;

        @DecimalMin(value = "0", message = "%s is not a tolerance (expected a number >= 0)")
        public @Nullable Double relative;
    }

    /** One metric. */
    public static final class MetricDto {
        @NotBlank(message = "is required")
        public @Nullable String name;

        @NotNull(message = "is required")
        public @Nullable Double value;

        public @Nullable String dataset;
        public @Nullable String split;
        public @Nullable Map<@NotBlank(message = "must not be blank") String,
                @NotBlank(message = "must not be blank") String> slice;
    }

    /** {@code provenance}. */
    public static final class ProvenanceDto {
        public @Nullable String gitCommit;
        public @Nullable String branch;

        @Min(value = 0, message = "%s is not a build number (expected an integer >= 0)")
        public @Nullable Long buildNumber;

        public @Nullable String trialId;
        @MetadataRules.DateTime
        public @Nullable String trainEndTime;

        public @Nullable List<@NotNull(message = "must be a dataset object") @Valid DatasetDto> datasets;

        @Valid
        public @Nullable FrameworkDto framework;

        @Pattern(regexp = SHA256, message = "%s is not a SHA-256 (expected 64 lower-case hex characters)")
        public @Nullable String configSha256;
    }

    /** A dataset reference. */
    public static final class DatasetDto {
        @NotBlank(message = "is required")
        public @Nullable String name;

        public @Nullable String version;

        @Pattern(regexp = SHA256, message = "%s is not a SHA-256 (expected 64 lower-case hex characters)")
        public @Nullable String sha256;
    }

    /** {@code provenance.framework}. */
    public static final class FrameworkDto {
        @NotBlank(message = "is required")
        public @Nullable String name;

        @NotBlank(message = "is required")
        public @Nullable String version;
    }

    /** {@code runtime}. */
    public static final class RuntimeDto {
        public @Nullable List<@NotNull(message = "must be a string") @Pattern(regexp = "^(cpu|cuda|tensorrt)$",
                message = "%s is not an execution provider (expected cpu, cuda or tensorrt)") String> providers;

        public @Nullable String minSdkVersion;

        @Min(value = 0, message = "%s is not a memory size (expected an integer >= 0)")
        public @Nullable Long memoryMb;
    }

    /** {@code statistics} (schema 1.1). */
    public static final class StatisticsDto {
        @Valid
        public @Nullable DatasetDto dataset;

        public @Nullable Map<String, @Nullable Map<String,
                @NotNull(message = "must be a statistics object") @Valid FeatureStatsDto>> inputs;

        public @Nullable Map<String, @Nullable Map<String,
                @NotNull(message = "must be a statistics object") @Valid FeatureStatsDto>> outputs;
    }

    /** The statistics of one feature: numeric (with a histogram) or categorical (with categories). */
    @MetadataRules.ConsistentStatistics
    public static final class FeatureStatsDto {
        @NotNull(message = "is required")
        @Min(value = 0, message = "%s is not a count (expected an integer >= 0)")
        public @Nullable Long count;

        @NotNull(message = "is required")
        @Min(value = 0, message = "%s is not a count (expected an integer >= 0)")
        public @Nullable Long missing;

        public @Nullable Double min;
        public @Nullable Double max;
        public @Nullable Double mean;

        @DecimalMin(value = "0", message = "%s is not a standard deviation (expected a number >= 0)")
        public @Nullable Double std;

        @Valid
        public @Nullable HistogramDto histogram;

        public @Nullable List<@NotNull(message = "must be a number") Double> quantiles;

        public @Nullable Map<String, @NotNull(message = "must be a count") @Min(value = 0,
                message = "%s is not a count (expected an integer >= 0)") Long> categories;
    }

    /** A fixed-bin histogram: k + 1 edges, k counts. */
    @MetadataRules.ConsistentHistogram
    public static final class HistogramDto {
        @NotNull(message = "is required")
        @Size(min = 2, message = "needs at least 2 edges (k + 1 edges for k >= 1 bins)")
        public @Nullable List<@NotNull(message = "must be a number") Double> edges;

        @NotNull(message = "is required")
        @Size(min = 1, message = "needs at least 1 count (one per bin)")
        public @Nullable List<@NotNull(message = "must be a count") @Min(value = 0,
                message = "%s is not a count (expected an integer >= 0)") Long> counts;
    }
}
