// SPDX-License-Identifier: Apache-2.0
/**
 * Micrometer meters for what a {@link dev.mlops.runtime.monitoring.ModelMonitor} measures, for the rollouts of a
 * {@link dev.mlops.runtime.delivery.Delivery} and for a {@link dev.mlops.runtime.batching.BatchedModel}'s counters:
 * {@link dev.mlops.micrometer.MlopsMetrics} is a {@code MeterBinder}, so Spring Boot binds it to every registry it
 * configures, and any other Micrometer user calls {@code bindTo(registry)} once.
 *
 * @since 0.2.0
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.mlops.micrometer {
    requires transitive dev.mlops.runtime;
    requires transitive micrometer.core;
    requires static org.jspecify;
    requires org.slf4j;

    exports dev.mlops.micrometer;
}
