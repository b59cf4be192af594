// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * A scored dataset and the Spark accumulators that count its rows as actions run it: rows scored, rows rejected by
 * the envelope (under {@link EnvelopePolicy#NULL_WITH_ERROR}), rows that failed (a {@code null} cell, a wrong array
 * length, an engine error). The counts grow with every action over the dataset (every micro-batch of a stream);
 * a task retried by Spark may count its rows again, as any accumulator used in a transformation does.
 *
 * <pre>{@code
 * ScoringRun run = BundleScorer.of("/models/weather.zip").scoreWithCounts(events);
 * run.dataset().write().parquet("/out/scored");
 * long rejected = run.rowsRejected();
 * }</pre>
 *
 * <p>Thread-safe: the dataset is immutable and the accumulators are read atomically.
 *
 * @since 0.2.0
 */
public final class ScoringRun {
    private final Dataset<Row> dataset;
    private final String deliveryId;
    private final LongAccumulator scored;
    private final LongAccumulator rejected;
    private final LongAccumulator failed;

    ScoringRun(Dataset<Row> dataset, String deliveryId, LongAccumulator scored, LongAccumulator rejected,
            LongAccumulator failed) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.deliveryId = Objects.requireNonNull(deliveryId, "deliveryId");
        this.scored = scored;
        this.rejected = rejected;
        this.failed = failed;
    }

    /**
     * Returns the scored dataset: the input's columns, then one column per output, then the error column.
     *
     * @return the dataset, not yet computed
     */
    public Dataset<Row> dataset() {
        return dataset;
    }

    /**
     * Returns the delivery id the driver read and every executor checked.
     *
     * @return the delivery id, {@code sha256:...}
     */
    public String deliveryId() {
        return deliveryId;
    }

    /**
     * Returns the rows scored so far.
     *
     * @return the count over every finished task
     */
    public long rowsScored() {
        return scored.sum();
    }

    /**
     * Returns the rows outside a rejecting constraint so far.
     *
     * @return the count over every finished task
     */
    public long rowsRejected() {
        return rejected.sum();
    }

    /**
     * Returns the rows that could not be scored so far ({@code null} cells, wrong array lengths, engine errors).
     *
     * @return the count over every finished task
     */
    public long rowsFailed() {
        return failed.sum();
    }

    @Override
    public String toString() {
        return "ScoringRun[delivery " + deliveryId + ": " + rowsScored() + " scored, " + rowsRejected()
                + " rejected, " + rowsFailed() + " failed]";
    }
}
