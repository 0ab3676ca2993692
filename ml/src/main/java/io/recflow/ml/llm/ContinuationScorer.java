package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.GradMode;

import java.util.Arrays;

/**
 * log P(continuation | prompt) under a {@link LlamaModel}, for several continuations of one prompt
 * at once (e.g. the titles of 20 candidate items after a user's history). The prompt runs once;
 * its KV cache is shared by all continuations, which run as right-padded batches.
 */
public final class ContinuationScorer {

    /**
     * The most prompt tokens whose cache is copied for one batch of continuations: each continuation gets its own
     * copy of the prompt's cache (SmolLM2: ~46 KB a token) and its logits over the vocabulary, so many candidates
     * after a long prompt run in batches. LLaRA's evaluation, 20 candidates after at most 512 tokens, stays one.
     */
    static final int MAX_CACHED_TOKENS = 20 * 512;

    private final LlamaModel model;
    private final int maxCachedTokens;

    public ContinuationScorer(LlamaModel model) {
        this(model, MAX_CACHED_TOKENS);
    }

    ContinuationScorer(LlamaModel model, int maxCachedTokens) {
        this.model = model;
        this.maxCachedTokens = maxCachedTokens;
    }

    /** The sum over each continuation's tokens of log P(token | prompt, earlier tokens). */
    public double[] logProbabilities(int[] prompt, int[][] continuations) {
        return logProbabilities(prompt, Conditioning.NONE, continuations);
    }

    /** As {@link #logProbabilities(int[], int[][])} after a conditioned prompt (its one gate row serves every continuation). */
    public double[] logProbabilities(int[] prompt, Conditioning conditioning, int[][] continuations) {
        double[] sums = new double[continuations.length];
        try (NDManager manager = model.manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
            NDArray gate = conditioning.gate(manager);
            TokenBatch promptBatch = TokenBatch.leftPadded(new int[][]{prompt});
            LlamaModel.Output context = model.forward(manager, promptBatch, null,
                    conditioning.overrides(manager, promptBatch), gate);
            // Position 0's token is predicted by the prompt's last position, position j > 0's by j - 1.
            NDArray promptLast = context.hidden().get(new NDIndex(":, -1:, :"));
            int rows = Math.max(1, maxCachedTokens / prompt.length);
            for (int from = 0; from < continuations.length; from += rows) {
                int to = Math.min(continuations.length, from + rows);
                try (NDManager part = manager.newSubManager()) {
                    double[] partSums = score(part, context.cache(), promptLast, gate,
                            Arrays.copyOfRange(continuations, from, to));
                    System.arraycopy(partSums, 0, sums, from, partSums.length);
                }
            }
        }
        return sums;
    }

    /** One batch of continuations after the prompt's cache; its arrays live in {@code part}. */
    private double[] score(NDManager part, KvCache prompt, NDArray promptLast, NDArray gate, int[][] continuations) {
        int n = continuations.length;
        TokenBatch batch = TokenBatch.rightPadded(continuations);
        int length = batch.length();
        NDArray rowGates = null;
        if (gate != null) {
            rowGates = gate.repeat(0, n);
            rowGates.attach(part);
        }
        LlamaModel.Output out = model.forward(part, batch, prompt.repeat(part, n), null, rowGates);
        NDArray last = promptLast.repeat(0, n);
        last.attach(part); // what is computed from it is attached to its manager: freed with this batch
        NDArray predictors = last.concat(out.hidden().get(new NDIndex(":, :{}, :", length - 1)), 1);
        NDArray logProbs = model.logits(predictors).logSoftmax(-1);
        NDArray targets = part.create(batch.ids(), new Shape(n, length, 1));
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
