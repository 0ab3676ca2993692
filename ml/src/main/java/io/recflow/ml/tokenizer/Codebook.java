package io.recflow.ml.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

/**
 * One level's trainable codebook in {@link LearnedVq}: the nearest code of each latent vector and the
 * code vectors themselves. Every operation takes a batch array as its first operand, so that results
 * land in the batch's manager, not the model's.
 */
final class Codebook {

    /**
     * Adam moves each weight by about the learning rate a step, but a latent vector sums over the
     * encoder's whole hidden width, so at one rate the latents drift away faster than the codes can
     * follow: on blob data the codebook loss grew 30-fold while reconstruction barely improved. At 10x
     * the codes keep up.
     */
    private static final float LEARNING_RATE_SCALE = 10f;

    private final Parameter vectors;

    /** Starts from {@code initial} (codes x latent), e.g. k-means centroids, so that no code starts dead. */
    Codebook(ParameterStore store, String name, float[][] initial) {
        int codes = initial.length;
        int latent = initial[0].length;
        float[] values = new float[codes * latent];
        for (int c = 0; c < codes; c++) {
            System.arraycopy(initial[c], 0, values, c * latent, latent);
        }
        this.vectors = store.add(name, new Shape(codes, latent), values, LEARNING_RATE_SCALE);
    }

    /** The index (int64) of the nearest code of every row of {@code latent} (rows x latent); no gradient. */
    NDArray nearest(NDArray latent) {
        try (GradMode.Scope paused = GradMode.paused()) {
            // ||z - e||² = ||z||² - 2 z·e + ||e||²; ||z||² is the same for every code of a row, so it is left out.
            NDArray products = latent.getNDArrayInternal().linear(latent, vectors.array(), null).singletonOrThrow();
            NDArray squared = vectors.array().square();
            squared.attach(latent.getManager());
            return squared.sum(new int[] {1}).sub(products.add(products)).argMin(1);
        }
    }

    /** The vectors of {@code codes} (int64, rows), differentiable with respect to the codebook. */
    NDArray vectorsOf(NDArray codes) {
        return codes.getNDArrayInternal().embedding(codes, vectors.array(), SparseFormat.DENSE).singletonOrThrow();
    }
}
