// SPDX-License-Identifier: Apache-2.0
/**
 * Adequacy cases: the known inputs and expected outputs a bundle ships so that a loaded model can prove it still
 * computes what it computed at export. {@link dev.mlops.metadata.cases.CaseReader} reads
 * {@code adequacy/cases.jsonl} (one case a line) and the seed's tabular {@code adequacy_test.csv};
 * {@link dev.mlops.metadata.cases.CaseWriter} writes JSONL that the reader reads back unchanged.
 *
 * <p>No method of this package accepts or returns {@code null}. A malformed case file surfaces as
 * {@link dev.mlops.api.InvalidBundleException} naming the file, and for each problem the line, the column and the
 * field.
 */
@NullMarked
package dev.mlops.metadata.cases;

import org.jspecify.annotations.NullMarked;
