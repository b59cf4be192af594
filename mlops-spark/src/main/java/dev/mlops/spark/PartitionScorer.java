// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.spark.ColumnPlan.OutputBinding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one partition: leases this JVM's model of the delivery (opening it on first use), reads and checks each
 * row, stacks valid rows into batch tensors of up to {@code batchSize}, and emits every row with its outputs or its
 * error, in input order. Shipped with each task; the iterator it returns is used by one task thread.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionScorer.class);

    private final String deliveryId;
    private final BundleLocation location;
    private final ColumnPlan plan;
    private final EnvelopePolicy policy;
    private final int batchSize;
    private final long keepAliveMillis;
    private final LongAccumulator scored;
    private final LongAccumulator rejected;
    private final LongAccumulator failed;

    PartitionScorer(String deliveryId, BundleLocation location, ColumnPlan plan, EnvelopePolicy policy, int batchSize,
            long keepAliveMillis, LongAccumulator scored, LongAccumulator rejected, LongAccumulator failed) {
        this.deliveryId = deliveryId;
        this.location = location;
        this.plan = plan;
        this.policy = policy;
        this.batchSize = batchSize;
        this.keepAliveMillis = keepAliveMillis;
        this.scored = scored;
        this.rejected = rejected;
        this.failed = failed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return Collections.emptyIterator(); // an empty partition opens nothing
        }
        ExecutorModels.Lease lease = ExecutorModels.acquire(deliveryId, location, location.describe(),
                keepAliveMillis);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ctx -> lease.close());
        }
        return new Scoring(rows, lease, task == null ? -1 : task.partitionId());
    }

    /** A row on its way out: the input row, its parsed values or its error, and its outputs once scored. */
    private static final class Pending {
        final Row row;
        final Object @Nullable [] values;
        @Nullable String error;
        Object @Nullable [] outputs;

        Pending(Row row, Object @Nullable [] values, @Nullable String error) {
            this.row = row;
            this.values = values;
            this.error = error;
        }
    }

    /** The partition's output iterator. */
    private final class Scoring implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final ExecutorModels.Lease lease;
        private final RuntimeModel model;
        private final RowInputs reader;
        private final RowEnvelope envelope;
        private final int partition;
        private final int chunk;
        private final ArrayDeque<Pending> ready = new ArrayDeque<>();
        /** A valid row whose lengths differ from the batch being filled: it opens the next batch. */
        private @Nullable Pending carried;
        private long index;
        private long nScored;
        private long nRejected;
        private long nFailed;

        Scoring(Iterator<Row> rows, ExecutorModels.Lease lease, int partition) {
            this.rows = rows;
            this.lease = lease;
            this.model = lease.model();
            this.reader = new RowInputs(plan.inputs());
            this.envelope = new RowEnvelope(model.metadata(), plan.inputs());
            this.partition = partition;
            this.chunk = plan.batched() ? batchSize : 1;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && (carried != null || rows.hasNext())) {
                fill();
            }
            if (ready.isEmpty()) {
                finish();
                return false;
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return emit(ready.removeFirst());
        }

        /**
         * Reads rows until {@code chunk} of them are valid, the partition ends or a valid row's variable-length
         * inputs differ in length from the batch's first row (that row is carried to the next batch), then scores
         * the valid rows.
         */
        private void fill() {
            List<Pending> valid = new ArrayList<>(chunk);
            Pending first = carried;
            if (first != null) {
                carried = null;
                valid.add(first);
                ready.add(first);
            }
            while (valid.size() < chunk && rows.hasNext()) {
                Row row = rows.next();
                long at = index++;
                RowInputs.Parsed parsed = reader.read(row);
                Object[] values = parsed.values();
                if (values == null) {
                    nFailed++;
                    ready.add(new Pending(row, null, parsed.error()));
                    continue;
                }
                RowEnvelope.Violation v = envelope.check(values);
                if (v != null) {
                    if (policy == EnvelopePolicy.FAIL) {
                        throw new EnvelopeViolationException(v.input(), v.feature(), v.value(), v.limit(),
                                "row " + at + " of partition " + partition + ": " + v.message());
                    }
                    nRejected++;
                    ready.add(new Pending(row, null, "envelope: " + v.message()));
                    continue;
                }
                Pending p = new Pending(row, values, null);
                if (!valid.isEmpty() && !sameLengths(java.util.Objects.requireNonNull(valid.get(0).values), values)) {
                    carried = p;
                    break;
                }
                valid.add(p);
                ready.add(p);
            }
            if (!valid.isEmpty()) {
                score(valid);
            }
        }

        /** Whether two rows' inputs have the same number of elements each, so that they stack into one tensor. */
        private static boolean sameLengths(Object[] a, Object[] b) {
            for (int i = 0; i < a.length; i++) {
                if (java.lang.reflect.Array.getLength(a[i]) != java.lang.reflect.Array.getLength(b[i])) {
                    return false;
                }
            }
            return true;
        }

        private void score(List<Pending> batch) {
            try {
                Map<String, Tensor> out = model.predict(inputs(batch));
                split(batch, out);
                nScored += batch.size();
            } catch (MlopsException | IllegalArgumentException e) {
                if (batch.size() > 1) { // find the row at fault: score each alone
                    for (Pending p : batch) {
                        score(List.of(p));
                    }
                    return;
                }
                if (policy == EnvelopePolicy.FAIL) {
                    throw new MlopsException("row of partition " + partition + " cannot be scored: "
                            + e.getMessage(), e);
                }
                nFailed++;
                batch.get(0).error = "model: " + e.getMessage();
            }
        }

        private Map<String, Tensor> inputs(List<Pending> batch) {
            List<Object[]> values = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                values.add(java.util.Objects.requireNonNull(p.values));
            }
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (int i = 0; i < plan.inputs().size(); i++) {
                feeds.put(plan.inputs().get(i).input(), reader.tensor(i, values, plan.batched()));
            }
            return feeds;
        }

        private void split(List<Pending> batch, Map<String, Tensor> out) {
            int n = batch.size();
            List<OutputBinding> outputs = plan.outputs();
            for (Pending p : batch) {
                p.outputs = new Object[outputs.size()];
            }
            for (int o = 0; o < outputs.size(); o++) {
                OutputBinding b = outputs.get(o);
                Tensor t = out.get(b.output());
                if (t == null) {
                    throw new MlopsException("the model returned no output '" + b.output() + "'");
                }
                int per = t.size() / n;
                for (int r = 0; r < n; r++) {
                    Object[] cells = java.util.Objects.requireNonNull(batch.get(r).outputs);
                    if (b.scalar()) {
                        cells[o] = cell(t, r * per);
                    } else {
                        Object[] a = new Object[per];
                        for (int i = 0; i < per; i++) {
                            a[i] = cell(t, r * per + i);
                        }
                        cells[o] = scala.collection.immutable.ArraySeq.unsafeWrapArray(a); // the Row encoder wants a Seq
                    }
                }
            }
        }

        private Row emit(Pending p) {
            int width = plan.inputWidth();
            @Nullable Object[] values = new Object[width + plan.outputs().size() + 1]; // SQL NULL cells stay null
            for (int i = 0; i < width; i++) {
                values[i] = p.row.get(i);
            }
            if (p.outputs != null) {
                System.arraycopy(p.outputs, 0, values, width, p.outputs.length);
            }
            values[values.length - 1] = p.error;
            return RowFactory.create(values);
        }

        private void finish() {
            if (nScored + nRejected + nFailed > 0) {
                scored.add(nScored);
                rejected.add(nRejected);
                failed.add(nFailed);
                LOG.debug("partition {}: {} rows scored, {} rejected by the envelope, {} failed", partition, nScored,
                        nRejected, nFailed);
                nScored = 0;
                nRejected = 0;
                nFailed = 0;
            }
            lease.close();
        }
    }

    /** A tensor element as the Spark column type holds it (uint8 as an int, float16 and bfloat16 as floats). */
    private static Object cell(Tensor t, int index) {
        return t.get(index);
    }
}
