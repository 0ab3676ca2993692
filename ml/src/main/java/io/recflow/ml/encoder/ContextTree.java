package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * The distributions over CaseQ's leaf contexts. A leaf is a path (c_1, ..., c_L) through the
 * levels, and its posterior q(c|S) is the product of the levels' gate probabilities along the path
 * (the official weights_product, model.py). Leaves are numbered with the first level's context
 * most significant, as the official code flattens them. Log-probabilities are summed rather than
 * probabilities multiplied, so no leaf underflows to a log of zero.
 */
final class ContextTree {

    private ContextTree() {
    }

    /** log q(c|S) per position, (B, T, C^L), from each level's gate log-probabilities (B, T, C). */
    static NDArray logPosterior(List<NDArray> gateLogProbabilities) {
        NDArray leaves = gateLogProbabilities.get(0);
        for (NDArray level : gateLogProbabilities.subList(1, gateLogProbabilities.size())) {
            Shape shape = level.getShape();
            // (B, T, leaves so far, C): each path so far extended by each context of this level.
            leaves = leaves.expandDims(-1).add(level.expandDims(-2)).reshape(shape.get(0), shape.get(1), -1);
        }
        return leaves;
    }

    /**
     * log p(c), (C^L): the posterior at the last position averaged over pseudo-sequences, i.e. over
     * sequences drawn without regard to any context (the official kl_forward, model.py).
     */
    static NDArray logPrior(List<NDArray> pseudoGateLogProbabilities) {
        NDArray last = logPosterior(pseudoGateLogProbabilities).get(new NDIndex(":, -1, :"));
        return last.exp().mean(new int[] {0}).log();
    }

    /** KL(q || p) per position, (B, T), for log q (B, T, K) and log p (K). Never negative. */
    static NDArray divergence(NDArray logPosterior, NDArray logPrior) {
        return logPosterior.exp().mul(logPosterior.sub(logPrior)).sum(new int[] {-1});
    }
}
