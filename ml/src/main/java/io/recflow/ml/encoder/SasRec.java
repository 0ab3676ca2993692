package io.recflow.ml.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.recommend.TopK;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A trained SASRec sequence encoder. Its frozen representation of a history (the hidden state at
 * the newest item) gates iLoRA, its item embeddings feed the tokenizer's collaborative level, and
 * it is the sequential baseline as a {@link Recommender} (score = representation · item embedding;
 * nothing is excluded, not even the history). Owns native memory: close it. Inference may run on
 * several threads at once (each call has its own scratch memory and sets its thread's gradient
 * mode); training happens once, in {@link #train}, on any thread.
 */
public final class SasRec implements Recommender, AutoCloseable {

    private static final int MAGIC = 0x52465352; // "RFSR"
    private static final int FORMAT_VERSION = 1;
    /** Histories per forward pass at inference, bounding memory for large requests. */
    private static final int INFERENCE_BATCH = 256;

    private final SasRecConfig config;
    private final int itemCount;
    private final NDManager manager;
    private final Parameters parameters;
    private final SasRecNetwork network;

    private SasRec(SasRecConfig config, int itemCount, NDManager manager, Parameters parameters) {
        this.config = config;
        this.itemCount = itemCount;
        this.manager = manager;
        this.parameters = parameters;
        this.network = new SasRecNetwork(parameters, config, itemCount);
    }

    /**
     * Trains on {@code trainSequences} (dense item indexes below {@code itemCount}). The same inputs
     * and config give the same model: initial weights come from {@code config.seed()} via Java's
     * generator and no random engine operation is used. Progress is reported after every step.
     */
    public static SasRec train(List<UserSequence> trainSequences, int itemCount, SasRecConfig config,
            ProgressListener listener) {
        for (UserSequence sequence : trainSequences) {
            checkItems(sequence.items(), itemCount, "user " + sequence.user());
        }
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try {
            SasRec model = new SasRec(config, itemCount, manager, SasRecNetwork.initialise(manager, config, itemCount));
            SasRecTrainer.train(model.network, model.parameters, manager,
                    TrainingWindows.of(trainSequences, config.maxLength()), config, listener);
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public SasRecConfig config() {
        return config;
    }

    public int itemCount() {
        return itemCount;
    }

    /** Size of a representation and of an item embedding. */
    public int dimension() {
        return config.hidden();
    }

    /**
     * The hidden state at the newest item of each history (item indexes, oldest first; only the
     * last {@code maxLength} are read). An empty history yields the context-free state of an
     * all-padding input.
     */
    public float[][] represent(int[][] histories) {
        float[][] representations = new float[histories.length][];
        forEachChunk(histories, (start, states) -> {
            float[] flat = states.toFloatArray();
            for (int row = 0; row < states.getShape().get(0); row++) {
                representations[start + row] = Arrays.copyOfRange(flat, row * dimension(),
                        (row + 1) * dimension());
            }
        });
        return representations;
    }

    /** The learned embedding of every item, indexed by item (itemCount x dimension). */
    public float[][] itemEmbeddings() {
        try (NDScope scope = new NDScope(); Autograd.Scope ignored = Autograd.paused()) {
            scope.suppressNotUsedWarning();
            float[] flat = network.itemEmbeddings().toFloatArray();
            float[][] embeddings = new float[itemCount][];
            for (int item = 0; item < itemCount; item++) {
                embeddings[item] = Arrays.copyOfRange(flat, item * dimension(), (item + 1) * dimension());
            }
            return embeddings;
        }
    }

    @Override
    public List<List<ScoredItem>> recommend(int[][] histories, int k) {
        List<List<ScoredItem>> rankings = new ArrayList<>(histories.length);
        forEachScoreRow(histories, scores -> rankings.add(TopK.of(scores, k)));
        return rankings;
    }

    @Override
    public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        if (histories.length != candidates.length) {
            throw new IllegalArgumentException(histories.length + " histories but " + candidates.length
                    + " candidate lists");
        }
        float[][] result = new float[histories.length][];
        int[] row = {0};
        forEachScoreRow(histories, scores -> {
            int b = row[0]++;
            checkItems(candidates[b], itemCount, "candidates of history " + b);
            result[b] = new float[candidates[b].length];
            for (int c = 0; c < candidates[b].length; c++) {
                result[b][c] = scores[candidates[b][c]];
            }
        });
        return result;
    }

    /** Writes config, catalogue size and weights; {@link #load} restores a model with identical outputs. */
    public void save(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(config.hidden());
        out.writeInt(config.layers());
        out.writeInt(config.heads());
        out.writeInt(config.maxLength());
        out.writeInt(config.epochs());
        out.writeInt(config.batchSize());
        out.writeDouble(config.learningRate());
        out.writeLong(config.seed());
        out.writeInt(itemCount);
        try (Autograd.Scope ignored = Autograd.paused()) {
            parameters.write(out);
        }
        out.flush();
    }

    public static SasRec load(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a SASRec model (bad magic number)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("SASRec model format version " + version + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        SasRecConfig config = new SasRecConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readDouble(), in.readLong());
        int itemCount = in.readInt();
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try {
            return new SasRec(config, itemCount, manager, Parameters.read(in, manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    private interface ChunkConsumer {
        void accept(int start, NDArray states);
    }

    private interface RowConsumer {
        void accept(float[] scores);
    }

    /** Calls {@code consumer} with each history's scores over all items, in order. */
    private void forEachScoreRow(int[][] histories, RowConsumer consumer) {
        forEachChunk(histories, (start, states) -> {
            NDArray scores = network.logits(states);
            float[] flat = scores.toFloatArray();
            for (int row = 0; row < states.getShape().get(0); row++) {
                consumer.accept(Arrays.copyOfRange(flat, row * itemCount, (row + 1) * itemCount));
            }
        });
    }

    /** Runs the encoder over histories in chunks and hands each chunk's last-slot states (rows, d) over. */
    private void forEachChunk(int[][] histories, ChunkConsumer consumer) {
        int length = config.maxLength();
        for (int start = 0; start < histories.length; start += INFERENCE_BATCH) {
            int rows = Math.min(INFERENCE_BATCH, histories.length - start);
            long[] ids = new long[rows * length];
            for (int row = 0; row < rows; row++) {
                int[] history = histories[start + row];
                checkItems(history, itemCount, "history " + (start + row));
                int kept = Math.min(length, history.length);
                for (int i = 0; i < kept; i++) {
                    ids[row * length + length - kept + i] = history[history.length - kept + i] + 1L;
                }
            }
            try (NDScope scope = new NDScope(); NDManager scratch = manager.newSubManager();
                    Autograd.Scope ignored = Autograd.paused()) {
                scope.suppressNotUsedWarning();
                NDArray hidden = network.hidden(scratch.create(ids, new Shape(rows, length)));
                consumer.accept(start, hidden.get(":, -1, :"));
            }
        }
    }

    private static void checkItems(int[] items, int itemCount, String where) {
        for (int item : items) {
            if (item < 0 || item >= itemCount) {
                throw new IllegalArgumentException(where + " refers to item " + item + " outside 0.." + (itemCount - 1));
            }
        }
    }
}
