package io.recflow.ml.tokenizer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.ParameterStore;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The tokenizer's learned quantizer: a small VQ-VAE whose encoder is shared by all levels while each
 * level keeps its own codebook ({@link VqAutoencoder}, {@link Codebook}, {@link VqLoss}). It trains
 * with the platform's {@link TrainingLoop} on the CPU for {@code steps} batches rounded up to whole
 * epochs (so a catalogue larger than steps x batchSize items trains one epoch), which takes seconds for a
 * few thousand items.
 *
 * <p>Each level's inputs are centred and scaled to unit mean square first, so that no level's
 * reconstruction error outweighs another's for being measured in larger units. The codebooks start
 * at k-means centroids of the initial encoder's latent vectors: codes placed where the data is are
 * all used from the first step, where randomly placed ones would mostly never be nearest to anything
 * and never learn; codes that fall out of use during training are restarted on a batch item's latent
 * vector. An item's code is the nearest codebook entry to its latent vector after training;
 * codes no item ends up with are dropped and the rest renumbered 0..k'-1, as {@link KMeans} does.
 * The same inputs and seed give the same codes.
 */
public final class LearnedVq {

    /**
     * @param hidden       width of the shared trunks
     * @param latent       width of the latent space the codebooks live in
     * @param steps        optimisation steps (rounded up to whole epochs)
     * @param beta         weight of the commitment loss
     * @param restartEvery steps between restarts of the codes no item chose in the meantime
     */
    public record Settings(int hidden, int latent, int steps, int batchSize, double learningRate, float beta,
                           int restartEvery) {

        public Settings {
            if (hidden < 1 || latent < 1 || steps < 1 || batchSize < 1 || restartEvery < 1 || !(learningRate > 0)
                    || !(beta >= 0)) {
                throw new IllegalArgumentException("hidden, latent, steps, batchSize, restartEvery must be >= 1, "
                        + "learningRate > 0 and beta >= 0, were " + hidden + ", " + latent + ", " + steps + ", "
                        + batchSize + ", " + restartEvery + ", " + learningRate + " and " + beta);
            }
        }

        /**
         * beta 0.25 as in the VQ-VAE paper; 300 steps of 128 items at 1e-3 were enough on the synthetic
         * data; a code unused for 20 steps (2,560 items seen) is dead.
         */
        public static Settings defaults() {
            return new Settings(128, 32, 300, 128, 1e-3, 0.25f, 20);
        }
    }

    /**
     * @param codes  per level, the code of every item
     * @param losses the training loss of every step, in order
     */
    public record Result(List<int[]> codes, float[] losses) {
    }

    private static final String PHASE = "vq";

    private LearnedVq() {
    }

    /** {@link #fit(List, int, long, Settings)} with the default settings. */
    public static Result fit(List<float[][]> levels, int codebookSize, long seed) {
        return fit(levels, codebookSize, seed, Settings.defaults());
    }

    /**
     * Learns a codebook of at most {@code codebookSize} codes per level and codes every item.
     *
     * @param levels per level, one embedding per item (items x width); every level has the same items
     */
    public static Result fit(List<float[][]> levels, int codebookSize, long seed, Settings settings) {
        if (levels.isEmpty() || codebookSize < 1) {
            throw new IllegalArgumentException("a learned VQ needs at least one level and codebookSize >= 1");
        }
        int items = levels.get(0).length;
        if (items == 0 || levels.stream().anyMatch(level -> level.length != items)) {
            throw new IllegalArgumentException("every level needs one embedding for each of the same items");
        }
        List<float[][]> inputs = levels.stream().map(LearnedVq::standardised).toList();
        int[] widths = inputs.stream().mapToInt(level -> level[0].length).toArray();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            ParameterStore store = new ParameterStore(manager);
            VqAutoencoder autoencoder = new VqAutoencoder(store, widths, settings.hidden(), settings.latent(),
                    new Random(seed));
            List<Codebook> codebooks = new ArrayList<>();
            for (int l = 0; l < inputs.size(); l++) {
                float[][] latent = encodeAll(manager, autoencoder, l, inputs.get(l));
                float[][] centroids = KMeans.fit(latent, codebookSize, seed * 31 + l).centroids();
                codebooks.add(new Codebook(store, "level" + l + ".codebook", centroids));
            }
            float[] losses = new TrainingLoop(PHASE, store, trainConfig(settings, items, seed), TrainingHooks.NONE)
                    .run(items, new VqLoss(autoencoder, codebooks, inputs, settings, seed), null).losses();
            List<int[]> codes = new ArrayList<>();
            for (int l = 0; l < inputs.size(); l++) {
                codes.add(compacted(assignAll(manager, autoencoder, codebooks.get(l), l, inputs.get(l))));
            }
            return new Result(codes, losses);
        }
    }

    /** Enough whole epochs for the configured steps, a cosine-decayed rate after a short warm-up. */
    private static TrainConfig trainConfig(Settings settings, int items, long seed) {
        int stepsPerEpoch = (items + settings.batchSize() - 1) / settings.batchSize();
        int epochs = (settings.steps() + stepsPerEpoch - 1) / stepsPerEpoch;
        return new TrainConfig(epochs, settings.batchSize(), settings.learningRate(),
                TrainConfig.DEFAULT_WARMUP_FRACTION, seed, Integer.MAX_VALUE);
    }

    private static float[][] encodeAll(NDManager parent, VqAutoencoder autoencoder, int level, float[][] inputs) {
        try (NDManager scope = parent.newSubManager(); GradMode.Scope paused = GradMode.paused()) {
            NDArray latent = latentOfAll(scope, autoencoder, level, inputs);
            int width = (int) latent.getShape().get(1);
            float[] flat = latent.toFloatArray();
            float[][] rows = new float[inputs.length][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
            }
            return rows;
        }
    }

    private static int[] assignAll(NDManager parent, VqAutoencoder autoencoder, Codebook codebook, int level,
            float[][] inputs) {
        try (NDManager scope = parent.newSubManager(); GradMode.Scope paused = GradMode.paused()) {
            NDArray nearest = codebook.nearest(latentOfAll(scope, autoencoder, level, inputs));
            return Arrays.stream(nearest.toLongArray()).mapToInt(Math::toIntExact).toArray();
        }
    }

    /** The latent vectors (items x latent) of every item of a level, in {@code scope}. */
    private static NDArray latentOfAll(NDManager scope, VqAutoencoder autoencoder, int level, float[][] inputs) {
        return autoencoder.encode(level, VqLoss.rows(scope, inputs, IntStream.range(0, inputs.length).toArray()));
    }

    /** Codes renumbered 0..k'-1 in codebook order, leaving out the codes nobody has. */
    private static int[] compacted(int[] codes) {
        boolean[] used = new boolean[IntStream.of(codes).max().orElse(0) + 1];
        for (int code : codes) {
            used[code] = true;
        }
        int[] newCode = new int[used.length];
        int next = 0;
        for (int c = 0; c < used.length; c++) {
            newCode[c] = used[c] ? next++ : -1;
        }
        return IntStream.of(codes).map(code -> newCode[code]).toArray();
    }

    /** {@code level} centred per dimension and scaled to unit mean square (left unscaled when it is constant). */
    private static float[][] standardised(float[][] level) {
        int width = level[0].length;
        double[] mean = new double[width];
        for (float[] row : level) {
            for (int d = 0; d < width; d++) {
                mean[d] += row[d] / (double) level.length;
            }
        }
        double squares = 0;
        for (float[] row : level) {
            for (int d = 0; d < width; d++) {
                squares += (row[d] - mean[d]) * (row[d] - mean[d]);
            }
        }
        double rms = Math.sqrt(squares / ((double) level.length * width));
        double scale = rms > 0 ? 1 / rms : 1;
        float[][] result = new float[level.length][width];
        for (int r = 0; r < level.length; r++) {
            for (int d = 0; d < width; d++) {
                result[r][d] = (float) ((level[r][d] - mean[d]) * scale);
            }
        }
        return result;
    }
}
