// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Dynamic batching, opt-in per model: {@link #wrap} returns a model that coalesces concurrent {@code predict} calls
 * into one run of the wrapped model, up to {@link Builder#maxBatchRows(int) a number of rows} and
 * {@link Builder#maxDelay(Duration) a delay}, and splits the outputs back by each request's rows.
 *
 * <p><b>Which models.</b> Every input and every output must be a tensor whose first dimension is dynamic
 * ({@code -1}), and the model must compute row by row (row {@code i} of each output depends on row {@code i} of the
 * inputs only, as a dense network, a tree ensemble or a classifier does). The first condition is checked; the
 * second is the caller's to know. Requests may carry several rows each; requests join a batch only with requests
 * whose other dimensions are equal.
 *
 * <p><b>When a batch runs.</b> There is no dispatcher thread: batches run on callers' threads, and batches of
 * {@link BatchedModel#predictAsync} requests on {@link #executor()}.
 * <ul>
 *   <li>A request that finds the model idle (no batch running, below {@link Builder#maxConcurrentBatches(int)},
 *       nothing queued, and no other caller on its way in: inside {@code predict}, neither queued nor in a batch)
 *       runs at once, alone, on its own thread, calling the wrapped model directly after only the checks that model
 *       does not make (the common first dimension, non-finite values): a lone caller pays no hand-off, no delay and
 *       hardly any check twice.</li>
 *   <li>A request that arrives while the model is busy waits in a bounded queue. When a batch finishes, the caller
 *       at the head of the queue becomes the next batch's leader: it takes every queued request that fits (first in,
 *       first out, up to the maximum rows) and, while the batch is not full, waits for more, but only as long as
 *       other callers are known to be on their way (inside {@code predict}, not yet queued: the callers whose batch
 *       has just returned, and new ones being checked), and at most the maximum delay from when it started forming
 *       the batch. Then it runs the batch, hands the results to the other callers, and passes the lead on. When
 *       the request of a caller arriving meanwhile fills the batch, or leaves no other caller on its way, that caller
 *       runs the batch itself, at once, on its own thread, and the leader waits for its result like the others: the
 *       batch does not wait for the leader's next turn on a core.</li>
 * </ul>
 * So the delay applies only while a fuller batch can still form; under steady load of many callers the batches fill
 * up, and with one caller every request runs alone at once. A {@code predictAsync} request that gets the lead when
 * the model is free has no caller waiting to lead: a task on the executor takes what is queued and runs it at once
 * (under load, the requests that arrived while the previous batch ran), so the executor's thread is woken at most
 * once per batch and the submitting threads never wait.
 *
 * <p><b>How callers wait.</b> A queued caller, and a leader waiting for more requests, first yields its core
 * ({@link Thread#yield()}) for up to 1 ms, checking between turns, and only then sleeps: a sleeping thread needs a
 * wake-up, which on a few busy cores (and on virtual machines most) costs more than the batch saves. When the recent
 * waits were longer than 1 ms (a slow model, a long delay), callers sleep at once and burn no CPU while they wait.
 *
 * <p><b>Errors stay per request.</b> Each request is checked on its own before it is queued: input names, dtypes
 * and shapes, the first dimension common to all inputs, NaN and infinite floats ({@link NonFinitePolicy}) and the
 * model's rejecting envelope constraints. A request that fails a check fails alone with the exception an unbatched
 * call would throw ({@link dev.mlops.api.InvalidInputException},
 * {@link dev.mlops.api.EnvelopeViolationException}); the other requests never see it. A request that runs alone on an
 * idle model gets the same exception with the same message: when it is refused, these checks run in this order and
 * theirs is the error thrown. When the run of a batch of
 * several requests fails in the wrapped model (an engine error), each of its requests fails with a
 * {@link BatchFailedException} carrying the cause, and the model keeps serving.
 *
 * <p><b>Warm-up.</b> ONNX Runtime's first run at a new input shape is slow, so {@code wrap} runs the batch sizes the
 * batcher will form most often once each, before returning: 1, the powers of two below the maximum, and the
 * maximum ({@code 1, 2, 4, ..., 32, 64} for 64 rows: 7 runs, about {@code 2 x} the cost of one run at the maximum in
 * all). The inputs are {@link Builder#warmupInputs(Map) the ones given}, rows repeated to each size, or else zeros
 * (each clamped into the model's envelope constraints). For the benchmark's 64-256-16 perceptron this takes a few
 * milliseconds; for a large model, count one run per size.
 *
 * <p>Usable as the decorator a runtime applies to every model it opens: {@code batching::wrap} is a
 * {@code UnaryOperator<RuntimeModel>}. Closing the wrapper closes the wrapped model.
 *
 * <p>Thread safety: immutable; {@link #wrap} may be called from any thread. {@link Builder} is not thread-safe.
 *
 * @since 0.2.0
 */
public final class DynamicBatching {
    /** Rows per batch when none is set. */
    public static final int DEFAULT_MAX_BATCH_ROWS = 64;
    /** The longest a request waits for a fuller batch when none is set. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(1);
    /** Requests the queue holds when no capacity is set. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private final int maxBatchRows;
    private final Duration maxDelay;
    private final int queueCapacity;
    private final int maxConcurrentBatches;
    private final NonFinitePolicy nonFinite;
    private final Optional<Map<String, Tensor>> warmupInputs;
    private final Optional<Executor> executor;

    private DynamicBatching(Builder b) {
        this.maxBatchRows = b.maxBatchRows.orElse(DEFAULT_MAX_BATCH_ROWS);
        this.maxDelay = b.maxDelay.orElse(DEFAULT_MAX_DELAY);
        this.queueCapacity = b.queueCapacity.orElse(DEFAULT_QUEUE_CAPACITY);
        this.maxConcurrentBatches = b.maxConcurrentBatches.orElse(1);
        this.nonFinite = b.nonFinite.orElse(NonFinitePolicy.REJECT);
        this.warmupInputs = b.warmupInputs;
        this.executor = b.executor;
    }

    /**
     * Returns a builder with the defaults: 64 rows, 1 ms, 1024 queued requests, one batch at a time, non-finite
     * inputs rejected, warm-up on zeros.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Returns the options with every default.
     *
     * @return {@code newBuilder().build()}
     */
    public static DynamicBatching defaults() {
        return newBuilder().build();
    }

    /**
     * Wraps a model, checks that it can be batched, and warms it up at every batch size it will form (see the class
     * description for what that costs).
     *
     * @param model a model that has passed its adequacy gate; the result owns it from now on
     * @return the batching model; closing it closes {@code model}
     * @throws UnbatchableModelException when an input or output lacks a dynamic first dimension (naming each
     *     tensor and its shape), an output is not a tensor, or the warm-up fails; {@code model} is then left open
     * @throws IllegalArgumentException when the {@linkplain Builder#warmupInputs(Map) warm-up inputs} do not fit the
     *     model
     * @throws IllegalStateException when {@code model} is closed
     */
    public BatchedModel wrap(RuntimeModel model) {
        Objects.requireNonNull(model, "model");
        return BatchingModel.create(model, this);
    }

    /** @return the most rows one run of the wrapped model holds (a larger request runs alone) */
    public int maxBatchRows() {
        return maxBatchRows;
    }

    /** @return the longest a forming batch waits for more requests */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** @return the most requests waiting in the queue */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** @return how many batches may run at once */
    public int maxConcurrentBatches() {
        return maxConcurrentBatches;
    }

    /** @return what happens to NaN and infinite inputs */
    public NonFinitePolicy nonFinite() {
        return nonFinite;
    }

    /** @return the sample inputs warm-up repeats, when given; else warm-up uses zeros */
    public Optional<Map<String, Tensor>> warmupInputs() {
        return warmupInputs;
    }

    /**
     * Returns where batches of {@link BatchedModel#predictAsync} requests run.
     *
     * @return the executor given to {@link Builder#executor(Executor)}, or else {@link ForkJoinPool#commonPool()}
     */
    public Executor executor() {
        return executor.orElseGet(ForkJoinPool::commonPool);
    }

    @Override
    public String toString() {
        return "DynamicBatching[maxBatchRows " + maxBatchRows + ", maxDelay " + maxDelay + ", queueCapacity "
                + queueCapacity + ", maxConcurrentBatches " + maxConcurrentBatches + ", nonFinite " + nonFinite
                + (warmupInputs.isPresent() ? ", warm-up on given inputs" : ", warm-up on zeros")
                + (executor.isPresent() ? ", asynchronous batches on the given executor" : "") + "]";
    }

    /**
     * Configures {@link DynamicBatching}. Each option may be set once; arguments are checked at once;
     * {@link #build()} leaves the builder usable. Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private Optional<Integer> maxBatchRows = Optional.empty();
        private Optional<Duration> maxDelay = Optional.empty();
        private Optional<Integer> queueCapacity = Optional.empty();
        private Optional<Integer> maxConcurrentBatches = Optional.empty();
        private Optional<NonFinitePolicy> nonFinite = Optional.empty();
        private Optional<Map<String, Tensor>> warmupInputs = Optional.empty();
        private Optional<Executor> executor = Optional.empty();

        private Builder() {
        }

        private static <T> Optional<T> once(Optional<T> current, T value, String option) {
            if (current.isPresent()) {
                throw new IllegalStateException(option + " is already set to " + current.get());
            }
            return Optional.of(value);
        }

        /**
         * Sets the most rows one run of the wrapped model holds. Default {@value #DEFAULT_MAX_BATCH_ROWS}. A request
         * with more rows is never split: it runs alone.
         *
         * @param rows at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code rows < 1}
         * @throws IllegalStateException when already set
         */
        public Builder maxBatchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("maxBatchRows: " + rows + " must be >= 1");
            }
            maxBatchRows = once(maxBatchRows, rows, "maxBatchRows");
            return this;
        }

        /**
         * Sets the longest a forming batch waits for more requests, counted from when its leader starts forming it,
         * and only while more are known to be arriving. Default 1 ms; zero runs whatever is queued at once. A
         * request's latency is at most its time in the queue, this delay, and one run.
         *
         * @param delay zero or more, at most one hour
         * @return this builder
         * @throws IllegalArgumentException when negative or longer than an hour
         * @throws IllegalStateException when already set
         */
        public Builder maxDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("maxDelay: " + delay + " must be between 0 and 1 hour");
            }
            maxDelay = once(maxDelay, delay, "maxDelay");
            return this;
        }

        /**
         * Sets how many requests may wait in the queue; one more is refused with {@link BatchQueueFullException}.
         * Default {@value #DEFAULT_QUEUE_CAPACITY}.
         *
         * @param requests at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code requests < 1}
         * @throws IllegalStateException when already set
         */
        public Builder queueCapacity(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("queueCapacity: " + requests + " must be >= 1");
            }
            queueCapacity = once(queueCapacity, requests, "queueCapacity");
            return this;
        }

        /**
         * Sets how many batches may run at once, on different callers' threads; like Triton's instance count.
         * Default 1, which on a small machine leaves the other cores to the callers; more helps when one run
         * cannot use the cores (one intra-op thread) and calls are long.
         *
         * @param batches at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code batches < 1}
         * @throws IllegalStateException when already set
         */
        public Builder maxConcurrentBatches(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("maxConcurrentBatches: " + batches + " must be >= 1");
            }
            maxConcurrentBatches = once(maxConcurrentBatches, batches, "maxConcurrentBatches");
            return this;
        }

        /**
         * Sets what happens to NaN and infinite values in floating-point inputs. Default
         * {@link NonFinitePolicy#REJECT}.
         *
         * @param policy the policy
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder nonFinite(NonFinitePolicy policy) {
            nonFinite = once(nonFinite, Objects.requireNonNull(policy, "policy"), "nonFinite");
            return this;
        }

        /**
         * Sets the inputs warm-up uses, for example the first adequacy case's: one tensor per declared input, at
         * least one row; its rows are repeated to each batch size. Default: zeros, clamped into the model's
         * envelope constraints.
         *
         * @param inputs the sample, by input name; copied
         * @return this builder
         * @throws IllegalArgumentException when empty or a name or tensor is {@code null}
         * @throws IllegalStateException when already set
         */
        public Builder warmupInputs(Map<String, Tensor> inputs) {
            Objects.requireNonNull(inputs, "inputs");
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("warmupInputs: must hold one tensor per input, got none");
            }
            Map<String, Tensor> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("warmupInputs: a name or a tensor is null");
                }
                copy.put(e.getKey(), e.getValue());
            }
            warmupInputs = once(warmupInputs, Collections.unmodifiableMap(copy), "warmupInputs");
            return this;
        }

        /**
         * Sets where batches led by {@link BatchedModel#predictAsync} requests run. Default
         * {@link ForkJoinPool#commonPool()}. A batch is one run of the model (CPU work on the CPU provider), so a
         * pool sized to the cores suits it; give your own to keep inference off the common pool. Batches led by
         * synchronous {@code predict} callers run on their own threads. When the executor refuses a
         * task (shut down, saturated), that batch runs on the thread that submitted it. A lead whose task has not
         * started is taken back by a synchronous caller that arrives (at once), or after one second by a
         * synchronous caller queued behind it or a {@code predictAsync} caller, which runs the batch on its own
         * thread, so a busy executor, or one that drops tasks, cannot stall the model. The executor is not shut
         * down by {@link BatchedModel#close()}: its owner shuts it down.
         *
         * @param executor the executor
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder executor(Executor executor) {
            this.executor = once(this.executor, Objects.requireNonNull(executor, "executor"), "executor");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public DynamicBatching build() {
            return new DynamicBatching(this);
        }
    }
}
