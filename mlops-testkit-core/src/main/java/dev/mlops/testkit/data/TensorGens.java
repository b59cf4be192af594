// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Shrinkable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generators of tensors that follow a {@link TensorSpec} and of whole model inputs that follow a
 * {@link ModelMetadata}.
 *
 * <ul>
 *   <li><b>Type</b>: every element is a value of the declared dtype: uint8 in {@code 0..255}, integers favouring 0,
 *       {@code ±1} and the ends of the type (or of the range), booleans, strings from a small alphabet that includes
 *       the empty string and non-ASCII characters.
 *   <li><b>Shape</b>: fixed axes as declared; a dynamic first axis (the batch) in {@code 1..maxBatch}, other dynamic
 *       axes in {@code 1..maxDim}, favouring 1 and the largest; a dynamic last axis with feature names has one entry
 *       per feature.
 *   <li><b>Values</b>: inside the declared {@code range} and inside every constraint of the model on the tensor
 *       (per feature, along the last axis, when a constraint names one), favouring the bounds, zero when inside and
 *       their neighbours. A constraint is the operating envelope, so values never leave it. An open side of a
 *       floating-point envelope reaches {@code 1e6} past the other side (or zero).
 *   <li><b>Non-finite values</b>: NaN, {@code ±Infinity}, {@code ±MAX_VALUE}, {@code ±MIN_VALUE} and {@code -0.0}
 *       appear only in a floating-point tensor with no range and no constraint, and only when
 *       {@link Bounds#allowNonFinite()}; other unconstrained floats lie in {@code ±1e6}.
 * </ul>
 *
 * <p>A failing value shrinks to a smaller batch (keeping the failing row), smaller dynamic axes, then simpler elements
 * (zero, or the bound nearest it; whole numbers; {@code false}; shorter strings). Float16 and bfloat16 values are
 * generated as floats; the engine rounds them.
 *
 * <pre>{@code
 * Property.forAll(TensorGens.inputs(metadata, Bounds.DEFAULT)).tries(200)
 *         .check(inputs -> assertThat(model.predict(inputs)).containsKey("y"));
 * }</pre>
 *
 * <p>Every generator returned is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class TensorGens {
    private TensorGens() {
    }

    /**
     * Tensors that follow a spec, its declared range and the bounds.
     *
     * @param spec the tensor's type, shape and range
     * @param bounds the limits for dynamic axes and non-finite values
     * @return the generator
     * @throws IllegalArgumentException when the range leaves no value of the type
     */
    public static Gen<Tensor> forSpec(TensorSpec spec, Bounds bounds) {
        return forSpec(spec, List.of(), bounds);
    }

    /**
     * Tensors that follow a spec, its declared range, the given constraints (those on other inputs are ignored) and
     * the bounds.
     *
     * @param spec the tensor's type, shape and range
     * @param constraints the model's constraints; those naming {@code spec.name()} apply
     * @param bounds the limits for dynamic axes and non-finite values
     * @return the generator
     * @throws IllegalArgumentException when the range and constraints leave no value of the type
     */
    public static Gen<Tensor> forSpec(TensorSpec spec, List<Constraint> constraints, Bounds bounds) {
        TensorPlan plan = new TensorPlan(spec, List.copyOf(constraints), bounds);
        return (random, size) -> tree(plan.draw(random, size, plan.drawShape(random, 0)));
    }

    /**
     * Whole model inputs: one tensor per declared input, in declaration order, following its spec and the model's
     * constraints. Inputs with a dynamic first axis share one batch size, and shrink together.
     *
     * @param meta the model's metadata
     * @param bounds the limits for dynamic axes and non-finite values
     * @return the generator of unmodifiable maps from input name to tensor
     * @throws IllegalArgumentException when a range and constraints leave no value of an input's type
     */
    public static Gen<Map<String, Tensor>> inputs(ModelMetadata meta, Bounds bounds) {
        List<TensorPlan> plans = plans(meta, bounds);
        return (random, size) -> {
            int batch = TensorPlan.drawDim(random, bounds.maxBatch());
            List<Draft> drafts = new ArrayList<>(plans.size());
            for (TensorPlan p : plans) {
                drafts.add(p.draw(random, size, p.drawShape(random, batch)));
            }
            return inputsTree(drafts);
        };
    }

    static List<TensorPlan> plans(ModelMetadata meta, Bounds bounds) {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(bounds, "bounds");
        List<TensorPlan> plans = new ArrayList<>();
        for (TensorSpec spec : meta.inputs()) {
            plans.add(new TensorPlan(spec, meta.constraints(), bounds));
        }
        return List.copyOf(plans);
    }

    static Shrinkable<Tensor> tree(Draft draft) {
        return Shrinkable.of(draft.tensor(), () -> draft.shrinks(true).map(TensorGens::tree));
    }

    static Map<String, Tensor> toMap(List<Draft> drafts) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Draft d : drafts) {
            map.put(d.plan().spec.name(), d.tensor());
        }
        return Collections.unmodifiableMap(map);
    }

    static Shrinkable<Map<String, Tensor>> inputsTree(List<Draft> drafts) {
        return Shrinkable.of(toMap(drafts), () -> Stream.concat(batchShrinks(drafts),
                IntStream.range(0, drafts.size()).boxed().flatMap(i -> drafts.get(i).shrinks(false).map(d -> {
                    List<Draft> copy = new ArrayList<>(drafts);
                    copy.set(i, d);
                    return inputsTree(copy);
                }))));
    }

    /** One row of the shared batch (first row first), then the first half of it. */
    private static Stream<Shrinkable<Map<String, Tensor>>> batchShrinks(List<Draft> drafts) {
        int batch = drafts.stream().filter(d -> d.plan().dynamicBatch()).mapToInt(d -> (int) d.dim(0))
                .findFirst().orElse(1);
        if (batch <= 1) {
            return Stream.empty();
        }
        Stream<int[]> slices = Stream.concat(IntStream.range(0, batch).mapToObj(k -> new int[] {k, 1}),
                Stream.of(new int[] {0, batch / 2}).filter(s -> s[1] > 1));
        return slices.map(s -> inputsTree(drafts.stream()
                .map(d -> d.plan().dynamicBatch() ? d.slice(0, s[0], s[1]) : d).toList()));
    }
}
