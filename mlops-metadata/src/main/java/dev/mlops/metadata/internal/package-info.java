// SPDX-License-Identifier: Apache-2.0
/**
 * Implementation of the metadata module; not API. Its types may change or go in any release: depend only on the
 * packages above it.
 */
@NullMarked
package dev.mlops.metadata.internal;

import org.jspecify.annotations.NullMarked;
