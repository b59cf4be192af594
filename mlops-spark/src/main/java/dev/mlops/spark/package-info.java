// SPDX-License-Identifier: Apache-2.0
/**
 * Batch scoring of a verified bundle on Apache Spark: {@link dev.mlops.spark.BundleScorer} adds a model's outputs
 * to a {@code Dataset<Row>}; {@link dev.mlops.spark.ScoreJob} is the same as a {@code spark-submit} job.
 *
 * <p>The driver verifies the bundle and reads its delivery id once; each executor JVM obtains its own copy, checks
 * that it is the same delivery, opens it once (adequacy gate included) and shares it across tasks, partitions and
 * stages. No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.spark;

import org.jspecify.annotations.NullMarked;
