package io.recflow.ml.generative;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.encoder.Representations;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.ExpertGate;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.ItemTrie;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.ParameterStore;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingLoop;
import io.recflow.ml.train.TrainingState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The generative recommender's model: a decoder-only backbone over item codes, optionally with an
 * iLoRA adapter. Its life: {@link #create} a backbone, {@link #pretrain} it (every parameter
 * trains), {@link #fineTune} it once (the base frozen under a MoE-LoRA or LoRA adapter, or all of it
 * for full fine-tuning), {@link #save} it; later {@link #load} it and ask a {@link #recommender}.
 * Both training phases can resume from a {@link TrainingState} checkpoint and end exactly where an
 * uninterrupted run would.
 *
 * <p>Gate inputs: a MoE-LoRA gate reads a fixed representation of each history from the frozen
 * sequence encoder (SASRec, {@link AdapterConfig#gateInputDim()} wide), supplied as a function from
 * histories (dense item indexes, oldest first) to one vector per history.
 *
 * <p>Not thread-safe while training; recommenders may be used from many threads. Holds native
 * memory: close it.
 */
public final class GenerativeModel implements AutoCloseable {

    public static final String PRETRAIN_PHASE = "pretrain";
    public static final String FINE_TUNE_PHASE = "finetune";

    /** Histories per call of the gate-input function, to bound the encoder's memory. */

    /** Examples per forward pass when evaluating a loss. */
    private static final int LOSS_BATCH = 256;

    private final NDManager manager;
    private final ParameterStore parameters;
    private final BackboneConfig config;
    private final ItemCodes codes;
    private final ItemTrie trie;
    private final TokenLayout layout;
    private final Backbone backbone;
    private AdapterConfig adapter;
    private ExpertGate gate;

    private GenerativeModel(ItemCodes codes, BackboneConfig config, long seed, Device device) {
        this.manager = NDManager.newBaseManager(device);
        this.parameters = new ParameterStore(manager);
        this.config = config;
        this.codes = codes;
        this.trie = ItemTrie.of(codes);
        this.layout = new TokenLayout(codes, config.historyLength());
        this.backbone = new Backbone(parameters, config, layout, codes.levelSizes(), new Random(seed));
    }

    /** A freshly initialised backbone; the same seed gives the same parameters. */
    public static GenerativeModel create(ItemCodes codes, BackboneConfig config, long seed, Device device) {
        return new GenerativeModel(codes, config, seed, device);
    }

    /**
     * Trains every backbone parameter on next-token prediction over whole windows: each real item of
     * a history is predicted from the tokens before it, as well as the target. (Measured on the
     * synthetic data set, same steps and time: validation NDCG@10 0.492 against 0.457 when training
     * on targets only.)
     *
     * @param resumeFrom a {@link #PRETRAIN_PHASE} checkpoint of this run, or null to start
     */
    public TrainingState pretrain(List<Example> examples, TrainConfig train, TrainingState resumeFrom,
                                  TrainingHooks hooks) {
        return pretrain(examples, train, 0, resumeFrom, hooks);
    }

    /**
     * As {@link #pretrain(List, TrainConfig, TrainingState, TrainingHooks)}, with dropout at {@code dropout} on
     * the embeddings and the blocks' residual branches (masks seeded by {@code train.seed()}); 0 for none.
     */
    public TrainingState pretrain(List<Example> examples, TrainConfig train, double dropout, TrainingState resumeFrom,
                                  TrainingHooks hooks) {
        if (adapter != null) {
            throw new IllegalStateException("the model is already fine-tuned (" + adapter.kind().specName() + ")");
        }
        parameters.setAllTrainable(true);
        NextTokenLoss loss = new NextTokenLoss(backbone, layout, codes, null, examples, null, true,
                new BackboneDropout(dropout, train.seed()));
        return new TrainingLoop(PRETRAIN_PHASE, parameters, train, hooks).run(examples.size(), loss, resumeFrom);
    }

    /**
     * Adds {@code adapterConfig}'s adapter (its initial values drawn from {@code train.seed()}) and
     * trains it on the targets of {@code examples}: for MoE-LoRA and LoRA only the adapter (and gate)
     * train and the base stays bit-identical; for full fine-tuning every parameter trains. A model is
     * fine-tuned once; if this fails, resume on a freshly loaded base model.
     *
     * @param gateInputs histories to the frozen encoder's representations; required for MoE-LoRA, else unused
     * @param resumeFrom a {@link #FINE_TUNE_PHASE} checkpoint of this run, or null to start
     */
    public TrainingState fineTune(List<Example> examples, AdapterConfig adapterConfig,
                                  Function<int[][], float[][]> gateInputs, TrainConfig train,
                                  TrainingState resumeFrom, TrainingHooks hooks) {
        return fineTune(examples, adapterConfig, gateInputs, train, 0, resumeFrom, hooks);
    }

    /**
     * As {@link #fineTune(List, AdapterConfig, Function, TrainConfig, TrainingState, TrainingHooks)}, with the
     * backbone's dropout at {@code dropout} (as {@link #pretrain(List, TrainConfig, double, TrainingState,
     * TrainingHooks) pretrain}'s; the frozen base's branches too, as a PyTorch model in training mode does).
     */
    public TrainingState fineTune(List<Example> examples, AdapterConfig adapterConfig,
                                  Function<int[][], float[][]> gateInputs, TrainConfig train, double dropout,
                                  TrainingState resumeFrom, TrainingHooks hooks) {
        if (adapter != null) {
            throw new IllegalStateException("the model is already fine-tuned (" + adapter.kind().specName() + ")");
        }
        if (adapterConfig.gated() && gateInputs == null) {
            throw new IllegalArgumentException("MoE-LoRA needs the gate inputs (the sequence encoder)");
        }
        attach(adapterConfig, new Random(train.seed()));
        float[][] representations = adapterConfig.gated()
                ? checkedGateInputs(gateInputs, examples.stream().map(Example::history).toArray(int[][]::new),
                        hooks.progress())
                : null;
        // Targets only, as in iLoRA: a history position's gate would read a representation of the future.
        NextTokenLoss loss = new NextTokenLoss(backbone, layout, codes, gate, examples, representations, false,
                new BackboneDropout(dropout, train.seed()));
        return new TrainingLoop(FINE_TUNE_PHASE, parameters, train, hooks).run(examples.size(), loss, resumeFrom);
    }

    /** Adds the adapter's parameters and decides what trains: only they (base frozen), or everything. */
    private void attach(AdapterConfig adapterConfig, Random random) {
        adapter = adapterConfig;
        if (!adapterConfig.adapts()) {
            parameters.setAllTrainable(true);
            return;
        }
        parameters.setAllTrainable(false);
        if (adapterConfig.gated()) {
            gate = new ExpertGate(parameters, "gate", adapterConfig, random);
        }
        backbone.attach(adapterConfig, random);
    }

    /** A recommender with the default beam of {@value GenerativeRecommender#DEFAULT_BEAM}. */
    public GenerativeRecommender recommender(Function<int[][], float[][]> gateInputs) {
        return recommender(gateInputs, GenerativeRecommender.DEFAULT_BEAM);
    }

    /** @param gateInputs required when the model has a MoE-LoRA adapter, else unused (may be null) */
    public GenerativeRecommender recommender(Function<int[][], float[][]> gateInputs, int beam) {
        if (gate != null && gateInputs == null) {
            throw new IllegalArgumentException("this model's MoE-LoRA gate needs the gate inputs (the sequence encoder)");
        }
        return new GenerativeRecommender(this, gate == null ? null : gateInputs, beam,
                new IncrementalDecoder(backbone, layout, gate));
    }

    /**
     * The mean cross-entropy per target token of {@code examples} (e.g. a validation loss to report);
     * the negative of a candidate's score divided by K, averaged.
     *
     * @param gateInputs required when the model has a MoE-LoRA adapter, else unused (may be null)
     */
    public double targetLoss(List<Example> examples, Function<int[][], float[][]> gateInputs) {
        if (gate != null && gateInputs == null) {
            throw new IllegalArgumentException("this model's MoE-LoRA gate needs the gate inputs (the sequence encoder)");
        }
        float[][] representations = gate == null ? null
                : checkedGateInputs(gateInputs, examples.stream().map(Example::history).toArray(int[][]::new),
                        ProgressListener.NO_OP);
        NextTokenLoss loss = new NextTokenLoss(backbone, layout, codes, gate, examples, representations, false,
                BackboneDropout.NONE);
        double sum = 0;
        for (int from = 0; from < examples.size(); from += LOSS_BATCH) {
            int[] batch = IntStream.range(from, Math.min(examples.size(), from + LOSS_BATCH)).toArray();
            try (GradMode.Scope paused = GradMode.paused(); NDManager scope = manager.newSubManager()) {
                // Every example has exactly K target tokens, so batch means weigh by batch size.
                sum += loss.compute(scope, batch).getFloat() * batch.length;
            }
        }
        return sum / examples.size();
    }

    /** The gate inputs of {@code histories}, encoded in chunks that report work ({@link Representations}). */
    float[][] checkedGateInputs(Function<int[][], float[][]> gateInputs, int[][] histories, ProgressListener work) {
        return Representations.inChunks(gateInputs, histories, adapter.gateInputDim(), "gate input", work);
    }

    /** Writes the configs, the item codes and every parameter. */
    public void save(OutputStream out) throws IOException {
        ModelCodec.write(out, new ModelCodec.Contents(config, codes, adapter, parameters.snapshot(false)));
    }

    /** Reads a model {@link #save}d earlier, onto {@code device}; it computes exactly what the saved one did. */
    public static GenerativeModel load(InputStream in, Device device) throws IOException {
        ModelCodec.Contents contents = ModelCodec.read(in);
        GenerativeModel model = new GenerativeModel(contents.codes(), contents.config(), 0, device);
        try {
            if (contents.adapter() != null) {
                model.attach(contents.adapter(), new Random(0));
            }
            model.parameters.loadAll(contents.parameters());
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ItemCodes codes() {
        return codes;
    }

    public BackboneConfig config() {
        return config;
    }

    /** The adapter the model was fine-tuned with, if any. */
    public Optional<AdapterConfig> adapter() {
        return Optional.ofNullable(adapter);
    }

    public Device device() {
        return manager.getDevice();
    }

    /** Every parameter by name, for inspection (which train, sizes). */
    public ParameterStore parameters() {
        return parameters;
    }

    ItemTrie trie() {
        return trie;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
