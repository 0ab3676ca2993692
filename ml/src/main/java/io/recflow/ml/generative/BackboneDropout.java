package io.recflow.ml.generative;

import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Seeds;

/**
 * The backbone's dropout while it trains: on the embeddings and on what each block's attention and
 * feed-forward add to the residual stream (GPT-2's {@code embd_pdrop} and {@code resid_pdrop}; TIGER
 * trains its transformer with 0.1). Each forward pass draws its masks from a generator seeded by the
 * run's seed, the step and the pass within the step, so a resumed run repeats them exactly.
 *
 * @param rate the probability of dropping an element, in [0, 1); 0 leaves training as it was without dropout
 * @param seed the run's seed
 */
record BackboneDropout(double rate, long seed) {

    /** No dropout: the passes are the same operations as a backbone without any. */
    static final BackboneDropout NONE = new BackboneDropout(0, 0);

    /** Far below the minor indexes other seeded draws of a run use (epochs, examples, users: 0 and up). */
    private static final long STREAM = -1_000_000;

    BackboneDropout {
        Dropout.checkedRate(rate); // here, before training starts, not at its first pass
    }

    /** The dropout of pass {@code pass} of step {@code step}, or null when the rate is 0. */
    Dropout forPass(long step, int pass) {
        return rate == 0 ? null : new Dropout(rate, Seeds.mix(seed, step, STREAM - pass));
    }
}
