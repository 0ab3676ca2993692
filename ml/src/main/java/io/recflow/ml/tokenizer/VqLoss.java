package io.recflow.ml.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.TrainingLoop;

import java.util.List;

/**
 * VQ-VAE's objective (van den Oord et al. 2017), summed over the levels: reconstruction MSE
 * + codebook loss ||sg[z] - e||² + beta x commitment loss ||z - sg[e]||², with the straight-through
 * estimator carrying the decoder's gradient past the nearest-code lookup to the encoder. Squared
 * errors are written with array operations, not DJL's L2Loss, which uses the scalar overloads that
 * corrupt memory (DESIGN §7).
 */
final class VqLoss implements TrainingLoop.BatchLoss {

    private final VqAutoencoder autoencoder;
    private final List<Codebook> codebooks;
    private final List<float[][]> levels;
    private final float beta;

    /** @param levels every level's inputs (items x width), in level order; item i is row i of each */
    VqLoss(VqAutoencoder autoencoder, List<Codebook> codebooks, List<float[][]> levels, float beta) {
        this.autoencoder = autoencoder;
        this.codebooks = codebooks;
        this.levels = levels;
        this.beta = beta;
    }

    @Override
    public NDArray compute(NDManager manager, int[] items) {
        NDArray betaScalar = manager.full(new Shape(), beta, DataType.FLOAT32);
        NDArray total = null;
        for (int l = 0; l < levels.size(); l++) {
            NDArray inputs = rows(manager, levels.get(l), items);
            NDArray latent = autoencoder.encode(l, inputs);
            NDArray code = codebooks.get(l).vectorsOf(codebooks.get(l).nearest(latent));
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
