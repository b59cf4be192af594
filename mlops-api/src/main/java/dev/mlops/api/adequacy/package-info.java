// SPDX-License-Identifier: Apache-2.0
/**
 * The outcome of running a bundle's adequacy cases: {@link dev.mlops.api.adequacy.AdequacyReport}, one
 * {@link dev.mlops.api.adequacy.CaseResult} per case and one {@link dev.mlops.api.adequacy.OutputResult} per expected
 * output. Each kind of outcome is its own record of a sealed interface, so a tool switches over the kinds and reads
 * only fields that apply; no field holds a "not applicable" value.
 *
 * <p>Every type of this package is an immutable value, safe to share between threads. No value or method of this
 * package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.api.adequacy;

import org.jspecify.annotations.NullMarked;
