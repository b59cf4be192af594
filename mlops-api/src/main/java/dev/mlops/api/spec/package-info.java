// SPDX-License-Identifier: Apache-2.0
/**
 * Model metadata: tensors, capabilities, operating envelope, adequacy, provenance.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api.spec;

import org.jspecify.annotations.NullMarked;
