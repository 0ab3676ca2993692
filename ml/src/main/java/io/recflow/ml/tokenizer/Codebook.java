package io.recflow.ml.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One level's trainable codebook in {@link LearnedVq}: the nearest code of each latent vector, the
 * code vectors themselves, and the restart of codes that have gone unused. Every operation takes a
 * batch array as its first operand, so that results land in the batch's manager, not the model's.
 */
final class Codebook {

    /**
     * Adam moves each weight by about the learning rate a step, but a latent vector sums over the
     * encoder's whole hidden width, so at one rate the latents drift away faster than the codes can
     * follow: on blob data the codebook loss grew 30-fold while reconstruction barely improved. At 10x
     * the codes keep up.
     */
    private static final float LEARNING_RATE_SCALE = 10f;

    private final ParameterStore store;
    private final String name;
    private final Parameter vectors;
    private final boolean[] used;

    /** Starts from {@code initial} (codes x latent), e.g. k-means centroids, so that no code starts dead. */
    Codebook(ParameterStore store, String name, float[][] initial) {
        this.store = store;
        this.name = name;
        int latent = initial[0].length;
        this.vectors = store.add(name, new Shape(initial.length, latent), flatten(initial), LEARNING_RATE_SCALE);
        this.used = new boolean[initial.length];
    }

    private static float[] flatten(float[][] rows) {
        int width = rows[0].length;
        float[] values = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, values, r * width, width);
        }
        return values;
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

    /** Notes which codes {@code codes} (int64, from {@link #nearest}) chose, for {@link #restartUnused}. */
    void recordUse(NDArray codes) {
        for (long code : codes.toLongArray()) {
            used[(int) code] = true;
        }
    }

    /**
     * Moves every code no item chose since the last restart onto the latent vector of a random row of
     * {@code latent} (a batch), where it is nearest to at least that item and so learns again; without
     * restarts a learned VQ on clustered data ends up using little more than one code per cluster, and
     * the level collides far more than k-means does. Call it between two steps; it forgets the use so far.
     */
    void restartUnused(NDArray latent, Random random) {
        float[] codes = vectors.array().toFloatArray();
        float[] rows = latent.toFloatArray();
        int width = (int) latent.getShape().get(1);
        int rowCount = rows.length / width;
        boolean restarted = false;
        for (int c = 0; c < used.length; c++) {
            if (!used[c]) {
                System.arraycopy(rows, random.nextInt(rowCount) * width, codes, c * width, width);
                restarted = true;
            }
        }
        if (restarted) {
            store.load(List.of(new NamedTensor(name, vectors.shape().getShape(), codes)));
        }
        Arrays.fill(used, false);
    }
}
