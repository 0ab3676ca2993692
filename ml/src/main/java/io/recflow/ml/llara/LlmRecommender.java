package io.recflow.ml.llara;

import ai.djl.Device;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llm.ImportedModel;
import io.recflow.ml.llm.LlamaModel;
import io.recflow.ml.llm.LlmTokenizer;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.lora.ExpertGate;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.ParameterNames;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingLoop;
import io.recflow.ml.train.TrainingState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A pretrained language model as a sequential recommender, LLaRA's way with iLoRA's adapters: the
 * frozen base reads a prompt of the user's history and candidates, and names the next item.
 * Fine-tuning adds (MoE-)LoRA on every projection of every layer, a projector of the sequence
 * encoder's item embeddings into the hybrid prompt's placeholders, and, for MoE-LoRA, one expert
 * gate per instance read from the encoder's representation of the history, shared by all layers;
 * only these train. A model that was never fine-tuned is the zero-shot baseline: text-only prompts.
 *
 * <p>Its life: {@link #open} a base, {@link #fineTune} it once, {@link #save} what was trained (a few
 * MB: adapters, projector, gate, and a reference to the base, which is stored separately); later
 * {@link #load} the base directory with that state. Score with a {@link LlaraScorer}. Not
 * thread-safe while training. Holds native memory: close it.
 */
public final class LlmRecommender implements AutoCloseable {

    public static final String FINE_TUNE_PHASE = "llara-finetune";

    private final LlamaModel llama;
    private final LlmTokenizer tokenizer;
    private final PromptBuilder prompts;
    private final PromptTemplate template;
    private final int maxPromptTokens;
    private final String baseReference;
    private AdapterConfig adapter;
    private ItemProjector projector;
    private ExpertGate gate;
    private Truncation trainingTruncation = Truncation.NONE;

    private LlmRecommender(LlamaModel llama, LlmTokenizer tokenizer, PromptTemplate template, int maxPromptTokens,
                           ItemCatalog catalog, String baseReference) {
        this.llama = llama;
        this.tokenizer = tokenizer;
        this.template = template;
        this.maxPromptTokens = maxPromptTokens;
        this.prompts = new PromptBuilder(tokenizer, template, catalog, maxPromptTokens);
        this.baseReference = baseReference;
    }

    /**
     * The base model of an imported-model directory, not fine-tuned (zero-shot).
     *
     * @param baseReference how the platform names the stored base (e.g. its content hash); saved with the trained state
     * @param maxPromptTokens prompts are cut (oldest history first) to this many tokens, and to the context
     */
    public static LlmRecommender open(Path baseDirectory, String baseReference, PromptTemplate template,
                                      int maxPromptTokens, ItemCatalog catalog, Device device) throws IOException {
        LlamaModel llama = LlamaModel.load(baseDirectory, device);
        try {
            LlmTokenizer tokenizer = LlmTokenizer.load(baseDirectory.resolve(ImportedModel.TOKENIZER));
            return new LlmRecommender(llama, tokenizer, template, maxPromptTokens, catalog, baseReference);
        } catch (IOException | RuntimeException e) {
            llama.close();
            throw e;
        }
    }

    /**
     * Adds {@code adapterConfig}'s adapters, the projector and (MoE-LoRA) the gate, their initial
     * values drawn from the training seed, and trains only them on the targets of {@code examples};
     * the base stays bit-identical. A model is fine-tuned once; if this fails, resume on a freshly
     * opened base.
     *
     * @param resumeFrom a {@link #FINE_TUNE_PHASE} checkpoint of this run, or null to start
     */
    public TrainingState fineTune(List<Example> examples, AdapterConfig adapterConfig, CollaborativeSignals signals,
                                  LlaraTraining training, TrainingState resumeFrom, TrainingHooks hooks) {
        if (adapter != null) {
            throw new IllegalStateException("the model is already fine-tuned (" + adapter.kind().specName() + ")");
        }
        if (!adapterConfig.adapts()) {
            throw new IllegalArgumentException("the language model's base stays frozen: use moe-lora or lora");
        }
        attach(adapterConfig, signals.dimension(), (float) training.projectorWeightDecay(),
                new Random(training.train().seed()));
        float[][] representations = gate == null ? null
                : signals.represent(examples.stream().map(Example::history).toArray(int[][]::new), hooks.progress());
        LlaraLoss loss = new LlaraLoss(this, examples, representations, signals.itemEmbeddings(), training);
        try {
            return new TrainingLoop(FINE_TUNE_PHASE, llama.parameters(), training.train(), hooks)
                    .decayingTo(training.finalRateFraction())
                    .accumulating(training.microBatchSize())
                    .run(examples.size(), loss, resumeFrom);
        } finally {
            trainingTruncation = loss.truncation();
        }
    }

    /** How many of the prompts {@link #fineTune} built (in the steps it ran, not before a resume) lost history. */
    public Truncation trainingTruncation() {
        return trainingTruncation;
    }

    /** Adds the trainable parts: gate first, then the adapters, then the projector (their seeded draws in that order). */
    private void attach(AdapterConfig adapterConfig, int encoderDim, float projectorWeightDecay, Random random) {
        if (adapterConfig.gated() && adapterConfig.gateInputDim() != encoderDim) {
            throw new IllegalArgumentException("the gate reads " + adapterConfig.gateInputDim()
                    + "-d representations, the encoder gives " + encoderDim);
        }
        adapter = adapterConfig;
        if (adapterConfig.gated()) {
            gate = new ExpertGate(llama.parameters(), "llara.gate", adapterConfig, random);
        }
        llama.attach(adapterConfig, random);
        projector = new ItemProjector(llama.parameters(), encoderDim, llama.config().hiddenSize(), projectorWeightDecay,
                random);
    }

    /** Writes what fine-tuning trained (adapters, projector, gate), its configs and the base's reference and shape. */
    public void save(OutputStream out) throws IOException {
        if (adapter == null) {
            throw new IllegalStateException("nothing to save: the model was not fine-tuned (zero-shot needs only the base)");
        }
        TrainedStateCodec.write(out, new TrainedStateCodec.Contents(baseReference, llama.config(), template,
                maxPromptTokens, adapter, projectorInputDim(), llama.parameters().snapshot(true)));
    }

    /** A fine-tuned model: the base from {@code baseDirectory} and the state {@link #save}d from it. */
    public static LlmRecommender load(Path baseDirectory, InputStream trained, ItemCatalog catalog, Device device)
            throws IOException {
        TrainedStateCodec.Contents contents = TrainedStateCodec.read(trained);
        LlmRecommender model = open(baseDirectory, contents.baseReference(), contents.template(),
                contents.maxPromptTokens(), catalog, device);
        try {
            if (!model.llama.config().equals(contents.baseConfig())) {
                throw new IOException("the trained state belongs to a base of shape " + contents.baseConfig()
                        + ", the directory holds " + model.llama.config());
            }
            model.attach(contents.adapter(), contents.encoderDim(), 0f, new Random(0));
            List<NamedTensor> trainedParameters = contents.parameters();
            List<String> stored = trainedParameters.stream().map(NamedTensor::name).toList();
            List<String> expected = model.llama.parameters().trainable().stream().map(p -> p.name()).toList();
            if (!stored.equals(expected)) {  // in order: the state is written in the adapters' order
                throw new IOException("the trained state's tensors do not match the adapters its config describes: "
                        + ParameterNames.difference(expected, stored));
            }
            model.llama.parameters().load(trainedParameters);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private int projectorInputDim() {
        return (int) llama.parameters().get(ItemProjector.NAME + ".0.weight").shape().get(1);
    }

    /** The scorer for the candidates protocol: hybrid prompts once fine-tuned, text-only prompts (zero-shot) before. */
    public LlaraScorer scorer(CollaborativeSignals signals) {
        if (adapter != null && signals == null) {
            throw new IllegalArgumentException("a fine-tuned model reads the sequence encoder's signals");
        }
        return new LlaraScorer(this, adapter == null ? null : signals);
    }

    /**
     * The model answering recommendation requests: as {@link #scorer}'s prompts, the whole catalogue
     * decoded with at least {@code beams} beams.
     *
     * @param historyLength the most recent items of a history it reads: as many as fine-tuning and evaluation did
     */
    public LlmServing serving(CollaborativeSignals signals, int beams, int historyLength) {
        return new LlmServing(this, scorer(signals), beams, historyLength);
    }

    public String baseReference() {
        return baseReference;
    }

    /** The adapter it was fine-tuned with; empty for the zero-shot base. */
    public Optional<AdapterConfig> adapter() {
        return Optional.ofNullable(adapter);
    }

    public PromptTemplate template() {
        return template;
    }

    /** The language model itself (the base and, once fine-tuned, every trained part), for inspection. */
    public LlamaModel llama() {
        return llama;
    }

    PromptBuilder prompts() {
        return prompts;
    }

    LlmTokenizer tokenizer() {
        return tokenizer;
    }

    ItemProjector projector() {
        return projector;
    }

    ExpertGate gate() {
        return gate;
    }

    int contextLength() {
        return llama.config().maxPositions();
    }

    /** {@code items} in a random order (Fisher-Yates). */
    static int[] shuffled(int[] items, Random random) {
        int[] out = items.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            tokenizer.close();
        } finally {
            llama.close();
        }
    }
}
