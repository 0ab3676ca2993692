package io.recflow.ml.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.TrainingLoop;

import java.util.List;
import java.util.Random;

/**
 * VQ-VAE's objective (van den Oord et al. 2017), summed over the levels: reconstruction MSE
 * + codebook loss ||sg[z] - e||² + beta x commitment loss ||z - sg[e]||², with the straight-through
 * estimator carrying the decoder's gradient past the nearest-code lookup to the encoder. Squared
 * errors are written with array operations, not DJL's L2Loss, which uses the scalar overloads that
 * corrupt memory (ml/README.md, "DJL traps"). Between steps it also restarts the codes that went unused
 * ({@link Codebook#restartUnused}).
 */
final class VqLoss implements TrainingLoop.BatchLoss {

    private final VqAutoencoder autoencoder;
    private final List<Codebook> codebooks;
    private final List<float[][]> levels;
    private final LearnedVq.Settings settings;
    private final Random restarts;
    private int steps;

    /**
     * @param levels every level's inputs (items x width), in level order; item i is row i of each
     * @param seed   picks the items that restarted codes move to
     */
    VqLoss(VqAutoencoder autoencoder, List<Codebook> codebooks, List<float[][]> levels, LearnedVq.Settings settings,
            long seed) {
        this.autoencoder = autoencoder;
        this.codebooks = codebooks;
        this.levels = levels;
        this.settings = settings;
        this.restarts = new Random(seed);
    }

    /**
     * The training loop calls this once per step, in order, which is what the restart schedule counts:
     * unused codes restart every {@code restartEvery} steps over the first three quarters of the requested
     * {@code steps} (of the whole training unless one epoch is longer than that), so that the last restarted
     * codes still have time to settle.
     */
    @Override
    public NDArray compute(NDManager manager, int[] items) {
        steps++;
        boolean restart = steps % settings.restartEvery() == 0 && steps <= settings.steps() * 3 / 4;
        NDArray betaScalar = manager.full(new Shape(), settings.beta(), DataType.FLOAT32);
        NDArray total = null;
        for (int l = 0; l < levels.size(); l++) {
            Codebook codebook = codebooks.get(l);
            NDArray inputs = rows(manager, levels.get(l), items);
            NDArray latent = autoencoder.encode(l, inputs);
            if (restart) {
                codebook.restartUnused(latent, restarts);
            }
            NDArray nearest = codebook.nearest(latent);
            codebook.recordUse(nearest);
            NDArray code = codebook.vectorsOf(nearest);
            NDArray straightThrough = latent.add(code.sub(latent).stopGradient());
            NDArray reconstruction = meanSquaredError(autoencoder.decode(l, straightThrough), inputs);
            NDArray codebookLoss = meanSquaredError(code, latent.stopGradient());
            NDArray commitment = meanSquaredError(latent, code.stopGradient()).mul(betaScalar);
            NDArray level = reconstruction.add(codebookLoss).add(commitment);
            total = total == null ? level : total.add(level);
        }
        return total;
    }

    private static NDArray meanSquaredError(NDArray a, NDArray b) {
        return a.sub(b).square().mean();
    }

    /** The rows {@code items} of {@code matrix} as a (rows, width) array. */
    static NDArray rows(NDManager manager, float[][] matrix, int[] items) {
        int width = matrix[0].length;
        float[] values = new float[items.length * width];
        for (int r = 0; r < items.length; r++) {
            System.arraycopy(matrix[items[r]], 0, values, r * width, width);
        }
        return manager.create(values, new Shape(items.length, width));
    }
}
