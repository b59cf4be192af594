// SPDX-License-Identifier: Apache-2.0
/**
 * Runnable examples of the SDK; not API.
 */
@NullMarked
package dev.mlops.examples;

import org.jspecify.annotations.NullMarked;
