// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A seeded, reproducible list of model inputs that covers the declared input space sparsely: the corner cases first,
 * then random inputs from {@link TensorGens#inputs}.
 *
 * <p>The corner cases are, for a batch of 1 and for the largest batch (other dynamic axes at 1 and at
 * {@code maxDim}): every feature at the low end of its envelope (range and constraints), every feature at the high
 * end, and every feature at zero (or the bound nearest it); then, when {@link Bounds#allowNonFinite()} and some input
 * is an unconstrained floating-point tensor, that tensor all NaN, all {@code +Infinity} and all {@code -Infinity}. An
 * unconstrained float's low and high ends are {@code ∓MAX_VALUE} when non-finite values are allowed. Duplicates are
 * dropped.
 *
 * <pre>{@code
 * List<Map<String, Tensor>> inputs = MockDataset.of(metadata).seed(42).size(200).build();
 * for (Map<String, Tensor> input : inputs) {
 *     model.predict(input);
 * }
 * }</pre>
 *
 * <p>The same metadata, bounds, size and seed give the same list. Without {@link Builder#seed}, the seed comes from
 * the system property {@value Property#SEED_PROPERTY} or at random, and {@link Builder#build()} prints it once to
 * standard output, as {@link Property} does, so that a failure can be replayed.
 *
 * @since 0.1.0
 */
public final class MockDataset {
    /** The number of inputs when no size is given. */
    public static final int DEFAULT_SIZE = 100;

    private MockDataset() {
    }

    /**
     * Starts a dataset for a model.
     *
     * @param meta the model's metadata; its inputs and constraints describe the input space
     * @return a builder with size {@value #DEFAULT_SIZE}, {@link Bounds#DEFAULT} and no seed
     */
    public static Builder of(ModelMetadata meta) {
        return new Builder(Objects.requireNonNull(meta, "meta"));
    }

    /**
     * Configures and builds a dataset. Each option may be set once. Not thread-safe; {@link #build()} leaves the
     * builder unchanged, so it may be called again.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final ModelMetadata meta;
        private OptionalLong seed = OptionalLong.empty();
        private int size = -1;
        private @Nullable Bounds bounds;
        private Consumer<String> reporter = System.out::println;

        private Builder(ModelMetadata meta) {
            this.meta = meta;
        }

        /**
         * Fixes the seed; it takes precedence over {@value Property#SEED_PROPERTY}, and is not printed.
         *
         * @param newSeed the seed
         * @return this builder
         * @throws IllegalStateException when the seed was already set
         */
        public Builder seed(long newSeed) {
            if (seed.isPresent()) {
                throw new IllegalStateException("seed was already set to " + seed.getAsLong());
            }
            seed = OptionalLong.of(newSeed);
            return this;
        }

        /**
         * Sets the number of inputs, corner cases included. All corner cases are returned even when there are more
         * of them than {@code newSize}.
         *
         * @param newSize at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code newSize < 1}
         * @throws IllegalStateException when the size was already set
         */
        public Builder size(int newSize) {
            if (newSize < 1) {
                throw new IllegalArgumentException("size: " + newSize + " must be at least 1");
            }
            if (size >= 0) {
                throw new IllegalStateException("size was already set to " + size);
            }
            size = newSize;
            return this;
        }

        /**
         * Sets the limits for dynamic axes and non-finite values.
         *
         * @param newBounds the limits
         * @return this builder
         * @throws IllegalStateException when the bounds were already set
         */
        public Builder bounds(Bounds newBounds) {
            Objects.requireNonNull(newBounds, "bounds");
            if (bounds != null) {
                throw new IllegalStateException("bounds were already set to " + bounds);
            }
            bounds = newBounds;
            return this;
        }

        /**
         * Sends the seed announcement elsewhere than standard output.
         *
         * @param newReporter receives the one line that names the seed
         * @return this builder
         */
        public Builder reportTo(Consumer<String> newReporter) {
            reporter = Objects.requireNonNull(newReporter, "reporter");
            return this;
        }

        /**
         * The corner cases alone, in the order {@link #build()} starts with them.
         *
         * @return an unmodifiable list of unmodifiable maps from input name to tensor, in declaration order
         * @throws IllegalArgumentException when a range and constraints leave no value of an input's type
         */
        public List<Map<String, Tensor>> corners() {
            Bounds b = bounds == null ? Bounds.DEFAULT : bounds;
            List<TensorPlan> plans = TensorGens.plans(meta, b);
            LinkedHashSet<Map<String, Tensor>> corners = new LinkedHashSet<>();
            int[][] sizes = {{1, 1}, {b.maxBatch(), b.maxDim()}};
            for (int[] s : sizes) {
                for (TensorPlan.Corner kind : List.of(TensorPlan.Corner.LOW, TensorPlan.Corner.HIGH,
                        TensorPlan.Corner.ZERO)) {
                    corners.add(corner(plans, s[0], s[1], kind, false));
                }
            }
            if (b.allowNonFinite() && plans.stream().anyMatch(TensorPlan::hasUnconstrainedFloats)) {
                for (TensorPlan.Corner kind : List.of(TensorPlan.Corner.NAN, TensorPlan.Corner.POSITIVE_INFINITY,
                        TensorPlan.Corner.NEGATIVE_INFINITY)) {
                    corners.add(corner(plans, 1, 1, kind, true));
                }
            }
            return List.copyOf(corners);
        }

        private static Map<String, Tensor> corner(List<TensorPlan> plans, int batch, int dims, TensorPlan.Corner kind,
                boolean nonFinite) {
            List<Draft> drafts = new ArrayList<>(plans.size());
            for (TensorPlan p : plans) {
                TensorPlan.Corner k = nonFinite && !p.hasUnconstrainedFloats() ? TensorPlan.Corner.ZERO : kind;
                drafts.add(p.corner(p.shapeFor(batch, dims), k));
            }
            return TensorGens.toMap(drafts);
        }

        /**
         * Builds the dataset: the corner cases, then random inputs up to the size.
         *
         * @return an unmodifiable list of unmodifiable maps from input name to tensor, in declaration order
         * @throws IllegalArgumentException when a range and constraints leave no value of an input's type, or when
         *     {@value Property#SEED_PROPERTY} is set but is not a long
         */
        public List<Map<String, Tensor>> build() {
            Bounds b = bounds == null ? Bounds.DEFAULT : bounds;
            int n = size < 0 ? DEFAULT_SIZE : size;
            long s = resolveSeed();
            List<Map<String, Tensor>> out = new ArrayList<>(corners());
            Gen<Map<String, Tensor>> gen = TensorGens.inputs(meta, b);
            SplittableRandom master = new SplittableRandom(s);
            int random = Math.max(0, n - out.size());
            for (int i = 0; i < random; i++) {
                int hint = random == 1 ? Gens.MAX_SIZE : (int) ((long) i * Gens.MAX_SIZE / (random - 1));
                out.add(gen.generate(master.split(), hint));
            }
            return Collections.unmodifiableList(out);
        }

        private long resolveSeed() {
            if (seed.isPresent()) {
                return seed.getAsLong();
            }
            long s;
            String replay = System.getProperty(Property.SEED_PROPERTY);
            if (replay != null && !replay.isBlank()) {
                try {
                    s = Long.parseLong(replay.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("system property " + Property.SEED_PROPERTY + "='" + replay
                            + "' is not a seed (expected a long such as -4242)", e);
                }
            } else {
                s = new SplittableRandom().nextLong();
            }
            reporter.accept("[mlops.seed] MockDataset " + meta.name() + ": seed=" + s + " (replay with -D"
                    + Property.SEED_PROPERTY + "=" + s + ")");
            return s;
        }
    }
}
