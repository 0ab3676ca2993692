package io.recflow.ml.encoder;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.ParameterStore;
import io.recflow.ml.train.TrainingLoop;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * What SASRec and CaseQ share as models: native memory, a parameter store, a network with the same
 * input and output ends ({@link EncoderNetwork}), batched inference, training with the shared loop,
 * and the saved form (header, the model's own config, catalogue size, weights). A subclass adds its
 * config and how to build its network.
 */
abstract class NetworkEncoder<N extends EncoderNetwork> implements SequenceEncoder {

    private final NDManager manager;
    final ParameterStore parameters;
    final N network;
    final EncoderInference inference;

    NetworkEncoder(Function<ParameterStore, N> build) {
        this.manager = Engine.getEngine("PyTorch").newBaseManager();
        this.parameters = new ParameterStore(manager);
        try {
            this.network = build.apply(parameters);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.inference = new EncoderInference(manager, network);
    }

    /** Trains every parameter on {@code examples} examples with {@code loss}; closes the model if training fails. */
    final void fit(EncoderSettings settings, EncoderSchedule schedule, int examples, TrainingLoop.BatchLoss loss,
            ProgressListener listener) {
        try {
            settings.trainingLoop(kind(), parameters, schedule, listener).run(examples, loss, null);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final int itemCount() {
        return network.embedding().itemCount();
    }

    @Override
    public final int dimension() {
        return network.embedding().dimension();
    }

    @Override
    public final float[][] represent(int[][] histories) {
        return inference.represent(histories);
    }

    @Override
    public final float[][] itemEmbeddings() {
        return network.embedding().itemVectors();
    }

    @Override
    public final List<List<ScoredItem>> recommend(int[][] histories, int k) {
        return inference.recommend(histories, k);
    }

    @Override
    public final float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        return inference.scoreCandidates(histories, candidates);
    }

    @Override
    public final void save(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        EncoderFormat.writeHeader(out, kind());
        writeConfig(out);
        out.writeInt(itemCount());
        NamedTensor.writeAll(out, parameters.snapshot(false));
        out.flush();
    }

    /** Writes the config that the subclass's reader reads back, before the catalogue size. */
    abstract void writeConfig(DataOutputStream out) throws IOException;

    /** Loads the weights that end a saved stream; closes the model if they do not fit it. */
    final void readWeights(DataInputStream in) throws IOException {
        try {
            parameters.loadAll(NamedTensor.readAll(in));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public final void close() {
        manager.close();
    }
}
