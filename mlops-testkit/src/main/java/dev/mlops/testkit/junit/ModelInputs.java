// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Supplies a {@code @ParameterizedTest} with model inputs, one {@code Map<String, Tensor>} per invocation, from a
 * {@link dev.mlops.testkit.data.MockDataset} of the model's metadata: the corner cases of the declared input space
 * first, then seeded random inputs that follow every input's type, shape, range and the model's constraints.
 *
 * <p>Name either {@link #metadata()} (a {@code metadata.json} file) or {@link #bundle()} (a bundle directory, whose
 * {@code metadata.json} is read); relative paths resolve against the working directory, which for Maven's Surefire is
 * the module directory.
 *
 * <pre>{@code
 * @ParameterizedTest
 * @ModelInputs(bundle = "target/bundle", count = 200)
 * void predicts_finiteOutputs(Map<String, Tensor> inputs) {
 *     assertThat(model.predict(inputs)).containsKey("y");
 * }
 * }</pre>
 *
 * <p>With {@code seed = 0} the seed comes from {@code -Dmlops.seed} or at random, and is printed once to standard
 * output so that a failure can be replayed.
 *
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(ModelInputsProvider.class)
public @interface ModelInputs {
    /**
     * The metadata file, for example {@code "src/test/resources/model/metadata.json"}.
     *
     * @return the path; empty when {@link #bundle()} is given
     */
    String metadata() default "";

    /**
     * The bundle directory; its {@code metadata.json} is read.
     *
     * @return the path; empty when {@link #metadata()} is given
     */
    String bundle() default "";

    /**
     * The number of inputs, corner cases included; all corner cases are supplied even when there are more.
     *
     * @return at least 1
     */
    int count() default 100;

    /**
     * The seed; {@code 0} takes {@code -Dmlops.seed} or a random seed, and prints it.
     *
     * @return the seed
     */
    long seed() default 0;

    /**
     * The largest batch drawn for a dynamic first axis.
     *
     * @return at least 1
     */
    int maxBatch() default 8;

    /**
     * The largest size drawn for other dynamic axes.
     *
     * @return at least 1
     */
    int maxDim() default 4;

    /**
     * Whether floating-point inputs with no range and no constraint may hold NaN, infinities and extremes.
     *
     * @return {@code true} by default
     */
    boolean allowNonFinite() default true;
}
