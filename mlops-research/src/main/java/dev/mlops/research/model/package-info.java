// SPDX-License-Identifier: Apache-2.0
/**
 * The research model interface, {@link dev.mlops.research.model.RnDModel}: what the standard tasks ({@code train},
 * {@code evaluate}, {@code export}, {@code verify}) call on any research project's model.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.research.model;

import org.jspecify.annotations.NullMarked;
