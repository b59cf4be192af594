// SPDX-License-Identifier: Apache-2.0
/**
 * Exports that conform by construction: {@link dev.mlops.research.export.ExportBuilder} writes a complete bundle
 * ({@code model.onnx}, {@code metadata.json} with provenance and training-data statistics, adequacy cases computed by
 * running the exported model in ONNX Runtime, {@code config.json}, the manifest), verifies it in the runtime and
 * moves it into place only then.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.research.export;

import org.jspecify.annotations.NullMarked;
