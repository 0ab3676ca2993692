package io.recflow.ml.recommend;

import java.time.Duration;

/**
 * How {@link BatchingRecommender} gathers calls into one model call.
 *
 * @param maxRows most histories in one model call; a batch closes when it has this many
 * @param maxWait longest a call waits for others to join it, counted from its arrival. Only under
 *                load (the previous batch held more than one call): a lone caller never waits.
 */
public record BatchPolicy(int maxRows, Duration maxWait) {

    public BatchPolicy {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, was " + maxRows);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be zero or positive, was " + maxWait);
        }
    }
}
