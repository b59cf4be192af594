// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import dev.mlops.runtime.batching.BatchStats;
import dev.mlops.runtime.batching.BatchedModel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToLongFunction;

/**
 * The meters of one {@link BatchedModel}, each a function of {@link BatchedModel#stats()} (a handful of atomic
 * reads, so no snapshot is cached). Immutable.
 */
record BatchingMeters(String name, BatchedModel model) {

    void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("model", name);
        counter(registry, "mlops.batching.requests", "Requests admitted (run or queued)", tags, BatchStats::requests);
        counter(registry, "mlops.batching.rows", "Rows in the admitted requests", tags, BatchStats::rows);
        counter(registry, "mlops.batching.batches", "Runs of the wrapped model, one per batch", tags,
                BatchStats::batches);
        counter(registry, "mlops.batching.batches.failed", "Runs of the wrapped model that failed", tags,
                BatchStats::failedBatches);
        counter(registry, "mlops.batching.rejected", "Requests refused before batching, by reason",
                tags.and("reason", "invalid_input"), BatchStats::rejectedInputs);
        counter(registry, "mlops.batching.rejected", "Requests refused before batching, by reason",
                tags.and("reason", "queue_full"), BatchStats::rejectedQueueFull);
        Gauge.builder("mlops.batching.batch.rows.max", model, m -> m.stats().largestBatchRows())
                .description("The most rows one run of the wrapped model held").tags(tags).strongReference(true)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String meter, String description, Tags tags,
            ToLongFunction<BatchStats> value) {
        FunctionCounter.builder(meter, model, m -> value.applyAsLong(m.stats())).description(description)
                .tags(tags).register(registry);
    }
}
