// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

/**
 * What a {@link BatchedModel} does with NaN and infinite values in floating-point inputs, checked per request before
 * batching.
 *
 * <p>Thread safety: an enum, immutable.
 *
 * @since 0.2.0
 */
public enum NonFinitePolicy {
    /**
     * Fails the request with an {@link dev.mlops.api.InvalidInputException} naming the input, the element's index
     * and the value; the default. A NaN row is almost always a bug upstream (a division by zero, a missing value
     * read as NaN), and it should fail where it can be traced, not come back as a NaN prediction.
     */
    REJECT,
    /**
     * Serves NaN and infinite values as the unbatched model would; only right for a model whose rows do not
     * influence each other (every row-wise model), which is what batching assumes anyway.
     */
    ALLOW
}
