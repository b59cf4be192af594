// SPDX-License-Identifier: Apache-2.0
/**
 * Progressive delivery: a {@link dev.mlops.runtime.delivery.Delivery} wraps a
 * {@link dev.mlops.runtime.serving.ServingModel} and tries a candidate version on real traffic, in shadow (a copy of
 * each request, answers compared and never returned) or as a canary (a weighted share of requests, sticky by a request
 * key), checks {@linkplain dev.mlops.runtime.delivery.Rule rules} over windows of calls, promotes the candidate after
 * enough passing windows, keeps checking it while it bakes, and rolls back automatically when the rules fail. Every
 * decision is a {@link dev.mlops.runtime.delivery.RolloutEvent} carrying the numbers behind it.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.delivery;

import org.jspecify.annotations.NullMarked;
