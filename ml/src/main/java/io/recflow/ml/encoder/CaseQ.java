package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.progress.ProgressListener;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A trained CaseQ sequence encoder (Yang et al., "Towards Out-of-Distribution Sequential Event
 * Prediction: A Causal Treatment", NeurIPS 2022): SASRec-style experts arranged as a tree of
 * contexts ({@link CaseQNetwork}), trained with a variational backdoor adjustment
 * ({@link CaseQLoss}) so that its predictions rely less on the context the training data happened to
 * come from, which is what shifts over time. Training happens once, in {@link #train}, on any thread.
 */
public final class CaseQ extends NetworkEncoder<CaseQNetwork> {

    public static final String KIND = "caseq";

    private final CaseQConfig config;

    private CaseQ(CaseQConfig config, int itemCount) {
        super(store -> new CaseQNetwork(store, config, itemCount));
        this.config = config;
    }

    /**
     * Trains on {@code trainSequences} (dense item indexes below {@code itemCount}). The same inputs
     * and config give the same model: initial weights, batch order and pseudo-sequences all come
     * from {@code config.seed()}. Progress (the whole objective, KL term included) is reported after
     * every step, as phase {@value #KIND}.
     */
    public static CaseQ train(List<UserSequence> trainSequences, int itemCount, CaseQConfig config,
            ProgressListener listener) {
        TrainingWindows windows = TrainingWindows.of(trainSequences, config.maxLength(), itemCount);
        CaseQ model = new CaseQ(config, itemCount);
        // Three experts per level overfit at a fixed rate: held-out NDCG@10 on the synthetic data 0.4494, decayed 0.4554 (2 seeds).
        model.fit(config.settings(), EncoderSchedule.WARMUP_COSINE, windows.size(),
                new CaseQLoss(model.network, windows, config), listener);
        return model;
    }

    /**
     * What the model infers about each history's context, at its newest item.
     *
     * @param gates  [level][history][context]: q(c_l | S) of each level's gate; each row sums to 1
     * @param leaves [history][leaf]: q(c | S) over the leaf contexts, the first level most significant; each row sums to 1
     */
    public record Contexts(float[][][] gates, float[][] leaves) {
    }

    public Contexts contexts(int[][] histories) {
        float[][][] gates = new float[config.layers()][histories.length][];
        float[][] leaves = new float[histories.length][];
        inference.forEachChunk(histories, (rows, ids) -> {
            List<NDArray> levels = network.forward(ids).gateLogProbabilities();
            for (int l = 0; l < levels.size(); l++) {
                copyLastPositions(levels.get(l), gates[l], rows);
            }
            copyLastPositions(ContextTree.logPosterior(levels), leaves, rows);
        });
        return new Contexts(gates, leaves);
    }

    /** exp of the last position's row of each sequence b in {@code logProbabilities} (B, T, K), into {@code into[rows[b]]}. */
    private static void copyLastPositions(NDArray logProbabilities, float[][] into, int[] rows) {
        NDArray last = logProbabilities.get(new NDIndex(":, -1, :")).exp();
        int columns = (int) last.getShape().get(1);
        float[] flat = last.toFloatArray();
        for (int row = 0; row < rows.length; row++) {
            into[rows[row]] = Arrays.copyOfRange(flat, row * columns, (row + 1) * columns);
        }
    }

    public CaseQConfig config() {
        return config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    void writeConfig(DataOutputStream out) throws IOException {
        EncoderFormat.writeSettings(out, config.settings());
        out.writeInt(config.layers());
        out.writeInt(config.contexts());
        out.writeInt(config.heads());
        out.writeDouble(config.klWeight());
        out.writeInt(config.pseudoSequences());
    }

    /** Reads a CaseQ {@link #save}d earlier; {@link SequenceEncoders#load} reads any kind. */
    public static CaseQ load(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        EncoderFormat.expectKind(in, KIND);
        return readBody(in);
    }

    /** Reads what follows the header. */
    static CaseQ readBody(DataInputStream in) throws IOException {
        EncoderSettings settings = EncoderFormat.readSettings(in);
        CaseQConfig config = CaseQConfig.of(settings, in.readInt(), in.readInt(), in.readInt(), in.readDouble(),
                in.readInt());
        CaseQ model = new CaseQ(config, in.readInt());
        model.readWeights(in);
        return model;
    }
}
