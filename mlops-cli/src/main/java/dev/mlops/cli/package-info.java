// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code mlops} command line; not API.
 */
@NullMarked
package dev.mlops.cli;

import org.jspecify.annotations.NullMarked;
