package io.recflow.ml.recommend;

import java.time.Duration;

/**
 * How {@link BatchingRecommender} gathers calls into one model call.
 *
 * @param maxRows        most histories in one model call; a batch closes when it has this many
 * @param maxWait        longest a call waits for others to join it, counted from its arrival. Only under
 *                       load (the previous batch held more than one call): a lone caller never waits.
 * @param smallBatchRows a model call of at most this many histories runs on one PyTorch thread, a larger
 *                       one on the engine's number ({@link io.recflow.ml.ops.TorchThreads}); 0: every call
 *                       on the engine's number
 */
public record BatchPolicy(int maxRows, Duration maxWait, int smallBatchRows) {

    /** Every call on the engine's number of threads. */
    public BatchPolicy(int maxRows, Duration maxWait) {
        this(maxRows, maxWait, 0);
    }

    public BatchPolicy {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive, was " + maxWait);
        }
        if (smallBatchRows < 0) {
            throw new IllegalArgumentException("smallBatchRows must be >= 0 (0: none), was " + smallBatchRows);
        }
    }
}
