package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.GradMode;

/**
 * log P(continuation | prompt) under a {@link LlamaModel}, for several continuations of one prompt
 * at once (e.g. the titles of 20 candidate items after a user's history). The prompt runs once;
 * its KV cache is shared by all continuations, which run as one right-padded batch.
 */
public final class ContinuationScorer {

    private final LlamaModel model;

    public ContinuationScorer(LlamaModel model) {
        this.model = model;
    }

    /** The sum over each continuation's tokens of log P(token | prompt, earlier tokens). */
    public double[] logProbabilities(int[] prompt, int[][] continuations) {
        return logProbabilities(prompt, Conditioning.NONE, continuations);
    }

    /** As {@link #logProbabilities(int[], int[][])} after a conditioned prompt (its one gate row serves every continuation). */
    public double[] logProbabilities(int[] prompt, Conditioning conditioning, int[][] continuations) {
        int n = continuations.length;
        try (NDManager manager = model.manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
            NDArray gate = conditioning.gate(manager);
            TokenBatch promptBatch = TokenBatch.leftPadded(new int[][]{prompt});
            LlamaModel.Output context = model.forward(manager, promptBatch, null,
                    conditioning.overrides(manager, promptBatch), gate);
            TokenBatch batch = TokenBatch.rightPadded(continuations);
            int length = batch.length();
            LlamaModel.Output out = model.forward(manager, batch, context.cache().repeat(manager, n), null,
                    gate == null ? null : gate.repeat(0, n));
            // Position 0's token is predicted by the prompt's last position, position j > 0's by j - 1.
            NDArray promptLast = context.hidden().get(new NDIndex(":, -1:, :")).repeat(0, n);
            NDArray predictors = promptLast.concat(out.hidden().get(new NDIndex(":, :{}, :", length - 1)), 1);
            NDArray logProbs = model.logits(predictors).logSoftmax(-1);
            NDArray targets = manager.create(batch.ids(), new Shape(n, length, 1));
            float[] picked = logProbs.gather(targets, 2).toFloatArray();
            double[] sums = new double[n];
            for (int r = 0; r < n; r++) {
                for (int t = 0; t < length; t++) {
                    if (batch.valid()[r * length + t]) {
                        sums[r] += picked[r * length + t];
                    }
                }
            }
            return sums;
        }
    }
}
