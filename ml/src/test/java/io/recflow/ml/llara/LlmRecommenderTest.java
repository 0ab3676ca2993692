package io.recflow.ml.llara;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.llm.Conditioning;
import io.recflow.ml.llm.ContinuationScorer;
import io.recflow.ml.llm.EmbeddingOverrides;
import io.recflow.ml.llm.TokenBatch;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmRecommenderTest {

    private static final List<Example> EXAMPLES = LlaraFixtures.examples();
    private static final CollaborativeSignals SIGNALS = LlaraFixtures.signals();

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeBase() throws IOException {
        LlaraFixtures.base(dir, 7);
    }

    private static LlmRecommender open() throws IOException {
        return LlaraFixtures.open(dir);
    }

    private static LlmRecommender fineTuned(AdapterConfig adapter, int epochs) throws IOException {
        return LlaraFixtures.fineTuned(dir, adapter, epochs);
    }

    private static Map<String, NamedTensor> byName(List<NamedTensor> tensors) {
        return tensors.stream().collect(Collectors.toMap(NamedTensor::name, Function.identity()));
    }

    private static List<NamedTensor> frozen(LlmRecommender model) {
        return model.llama().parameters().all().stream().filter(p -> !p.trainable()).map(Parameter::toHost).toList();
    }

    /** Only the adapters (7 projections x 2 layers), the projector and the gate train; the base ends bit-identical. */
    @Test
    void fineTuningTrainsOnlyAdaptersProjectorAndGate() throws IOException {
        try (LlmRecommender base = open(); LlmRecommender model = fineTuned(LlaraFixtures.moeLora(), 3)) {
            List<String> trainable = model.llama().parameters().trainable().stream().map(Parameter::name).toList();
            assertEquals(2 * 7 * 2 + 4 + 2, trainable.size(), trainable.toString());
            assertTrue(trainable.stream().allMatch(n -> n.endsWith(".lora_a") || n.endsWith(".lora_b")
                    || n.startsWith("llara.projector.") || n.startsWith("llara.gate.")), trainable.toString());
            assertEquals(frozen(base), frozen(model), "the base is bit-identical");
            for (Parameter p : model.llama().parameters().all()) {
                assertEquals(p.trainable(), p.array().hasGradient(), p.name() + ": gradients reach only what trains");
            }
            Map<String, NamedTensor> trained = byName(model.llama().parameters().snapshot(true));
            float[] up = trained.get("model.layers.1.mlp.down_proj.lora_b").values();
            assertFalse(Arrays.equals(new float[up.length], up), "B left zero");
            try (LlmRecommender untrained = fineTuned(LlaraFixtures.moeLora(), 0)) {
                Map<String, NamedTensor> initial = byName(untrained.llama().parameters().snapshot(true));
                for (String name : List.of("llara.gate.weight", "llara.projector.0.weight", "llara.projector.2.bias")) {
                    assertNotEquals(initial.get(name), trained.get(name), name + " trained");
                }
            }
        }
    }

    /** Fine-tuning learns: the loss of the last epochs is well below the first's. */
    @Test
    void fineTuningLowersTheLoss() throws IOException {
        try (LlmRecommender model = open()) {
            TrainingState state = model.fineTune(EXAMPLES, LlaraFixtures.moeLora(), SIGNALS,
                    LlaraFixtures.training(12, 1000), null, TrainingHooks.NONE);
            float[] losses = state.losses();
            double first = (losses[0] + losses[1] + losses[2] + losses[3]) / 4;
            double last = state.recentLoss(4);
            assertTrue(last < 0.7 * first, "loss " + first + " -> " + last + ": " + Arrays.toString(losses));
        }
    }

    /** Training prompts over the budget lose their oldest history, and the model counts them for the platform. */
    @Test
    void countsTheTrainingPromptsThatLostHistory() throws IOException {
        try (LlmRecommender roomy = fineTuned(LlaraFixtures.lora(), 1);
             LlmRecommender tight = LlmRecommender.open(dir, "tiny-7", LlaraFixtures.TEMPLATE, 80,
                     LlaraFixtures.CATALOG, Device.cpu())) {
            assertEquals(new Truncation(EXAMPLES.size(), 0, 0), roomy.trainingTruncation());
            tight.fineTune(EXAMPLES, LlaraFixtures.lora(), SIGNALS, LlaraFixtures.training(1, 1000), null,
                    TrainingHooks.NONE);
            Truncation truncation = tight.trainingTruncation();
            assertEquals(EXAMPLES.size(), truncation.prompts());
            assertTrue(truncation.truncated() > 0 && truncation.droppedItems() >= truncation.truncated(),
                    truncation.toString());
        }
    }

    /** B = 0 at the start: with the adapters, gate and a text-only prompt the logits are the base's, exactly. */
    @Test
    void untrainedAdaptersLeaveTheBaseLogits() throws IOException {
        try (LlmRecommender base = open(); LlmRecommender model = fineTuned(LlaraFixtures.moeLora(), 0)) {
            Example example = EXAMPLES.get(0);
            int[] ids = model.prompts().build(example.history(), new int[]{3, 4}, false, 400).ids();
            PromptConditioning gated = new PromptConditioning(List.of(), null, null, model.gate(),
                    SIGNALS.represent(new int[][]{example.history()}));
            assertArrayEquals(logits(base, ids, Conditioning.NONE), logits(model, ids, gated));
        }
    }

    private static float[] logits(LlmRecommender model, int[] ids, Conditioning conditioning) {
        try (NDManager manager = model.llama().manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
            TokenBatch batch = TokenBatch.leftPadded(new int[][]{ids});
            return model.llama().logits(model.llama().forward(manager, batch, null,
                    conditioning.overrides(manager, batch), conditioning.gate(manager)).hidden()).toFloatArray();
        }
    }

    /** One expert under a gate (weight 1) computes what plain LoRA with the same matrices does, bit for bit. */
    @Test
    void oneExpertEqualsPlainLora() throws IOException {
        AdapterConfig oneExpert = new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 1, 8, 32, LlaraFixtures.ENCODER_DIM,
                0.3);
        try (LlmRecommender lora = fineTuned(LlaraFixtures.lora(), 2);
             LlmRecommender gated = fineTuned(oneExpert, 0)) {
            List<NamedTensor> shared = lora.llama().parameters().snapshot(true);
            gated.llama().parameters().load(shared);
            Example example = EXAMPLES.get(1);
            LlaraPrompt prompt = lora.prompts().build(example.history(), new int[]{3, 4, 5}, true, 400);
            float[][] representation = SIGNALS.represent(new int[][]{example.history()});
            float[] plain = logits(lora, prompt.ids(), new PromptConditioning(List.of(prompt),
                    SIGNALS.itemEmbeddings(), lora.projector(), null, null));
            float[] mixture = logits(gated, prompt.ids(), new PromptConditioning(List.of(prompt),
                    SIGNALS.itemEmbeddings(), gated.projector(), gated.gate(), representation));
            assertArrayEquals(plain, mixture);
        }
    }

    /** The placeholder cells get the projector's output for their items, in order; text-only prompts get nothing. */
    @Test
    void placeholderCellsReceiveTheProjectedItemEmbeddings() throws IOException {
        try (LlmRecommender model = fineTuned(LlaraFixtures.lora(), 1);
             NDManager manager = model.llama().manager().newSubManager();
             GradMode.Scope ignored = GradMode.paused()) {
            LlaraPrompt longer = model.prompts().build(new int[]{0, 1, 2}, new int[]{6, 7}, true, 400);
            LlaraPrompt shorter = model.prompts().build(new int[]{9}, new int[]{6, 7}, true, 400);
            TokenBatch batch = TokenBatch.leftPadded(new int[][]{longer.ids(), shorter.ids()});
            EmbeddingOverrides overrides = new PromptConditioning(List.of(longer, shorter), SIGNALS.itemEmbeddings(),
                    model.projector(), null, null).overrides(manager, batch);
            int[] items = {0, 1, 2, 6, 7, 9, 6, 7};
            assertArrayEquals(new int[]{0, 0, 0, 0, 0, 1, 1, 1}, overrides.rows());
            int pad = longer.ids().length - shorter.ids().length;
            for (int j = 0; j < items.length; j++) {
                int[] positions = j < 5 ? longer.placeholderPositions() : shorter.placeholderPositions();
                int expected = j < 5 ? positions[j] : pad + positions[j - 5];
                assertEquals(expected, overrides.columns()[j]);
                assertEquals(PromptBuilder.PLACEHOLDER_ID, batch.ids()[overrides.rows()[j] * batch.length() + expected]);
            }
            float[][] embeddings = Arrays.stream(items).mapToObj(i -> SIGNALS.itemEmbeddings()[i]).toArray(float[][]::new);
            assertArrayEquals(model.projector().project(manager.create(embeddings)).toFloatArray(),
                    overrides.values().toFloatArray());
            LlaraPrompt text = model.prompts().build(new int[]{0, 1, 2}, new int[]{6, 7}, false, 400);
            assertEquals(null, new PromptConditioning(List.of(text), SIGNALS.itemEmbeddings(), null, null, null)
                    .overrides(manager, TokenBatch.leftPadded(new int[][]{text.ids()})));
        }
    }

    /** Checkpoint mid-run (hybrid and text-only steps, dropout, micro-batches), resume: the same adapters bit for bit. */
    @Test
    void resumingFromACheckpointEndsBitIdentical() throws IOException {
        AtomicReference<byte[]> checkpoint = new AtomicReference<>();
        TrainingState expected;
        try (LlmRecommender model = open()) {
            expected = model.fineTune(EXAMPLES, LlaraFixtures.moeLora(), SIGNALS, LlaraFixtures.training(4, 3), null,
                    new TrainingHooks(null, state -> {
                        if (checkpoint.get() == null) {
                            checkpoint.set(bytes(state));
                        }
                    }));
        }
        TrainingState resumed;
        try (LlmRecommender model = open()) {
            TrainingState from = TrainingState.readFrom(new ByteArrayInputStream(checkpoint.get()));
            assertEquals(3, from.step());
            resumed = model.fineTune(EXAMPLES, LlaraFixtures.moeLora(), SIGNALS, LlaraFixtures.training(4, 3), from,
                    TrainingHooks.NONE);
        }
        assertEquals(expected.parameters(), resumed.parameters());
        assertArrayEquals(expected.losses(), resumed.losses());
        boolean anyHybrid = false;
        boolean anyText = false;
        for (long s = 0; s < expected.totalSteps(); s++) {
            boolean hybrid = LlaraLoss.hybrid(17, s, expected.totalSteps());
            anyHybrid |= hybrid;
            anyText |= !hybrid;
        }
        assertTrue(anyHybrid && anyText, "the run mixes both prompt forms");
    }

    private static byte[] bytes(TrainingState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            state.writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** A text-only first step leaves the projector untouched (no update at all, not even weight decay). */
    @Test
    void textOnlyStepsDoNotUpdateTheProjector() throws IOException {
        assertFalse(LlaraLoss.hybrid(17, 0, 1));
        try (LlmRecommender model = open()) {
            LlaraTraining single = new LlaraTraining(new TrainConfig(1, EXAMPLES.size(), 1e-2, 0, 17, 1000), 2, 4,
                    0.1, 1e-5, 0.01);
            TrainingState state = model.fineTune(EXAMPLES, LlaraFixtures.moeLora(), SIGNALS, single, null,
                    TrainingHooks.NONE);
            assertEquals(1, state.step());
            assertEquals(null, state.optimizer().updates().get("llara.projector.0.weight"));
            assertEquals(1L, state.optimizer().updates().get("llara.gate.weight"));
        }
    }

    /** The loss is the target's mean negative log-likelihood after the prompt: its tokens (and newline) only. */
    @Test
    void theLossCoversOnlyTheTargetTokens() throws IOException {
        try (LlmRecommender model = fineTuned(LlaraFixtures.lora(), 1)) {
            LlaraTraining noDropout = new LlaraTraining(LlaraFixtures.training(1, 1000).train(), 2, 4, 0, 1e-5, 0.01);
            LlaraLoss loss = new LlaraLoss(model, EXAMPLES, null, SIGNALS.itemEmbeddings(), noDropout);
            loss.startStep(0, 10); // step 0: text-only
            int index = 2;
            Example example = EXAMPLES.get(index);
            int[] target = model.prompts().target(example.target());
            LlaraPrompt prompt = model.prompts().build(example.history(), loss.candidates(example, 0, index), false,
                    LlaraFixtures.CONTEXT - target.length);
            double logProbability = new ContinuationScorer(model.llama()).logProbabilities(prompt.ids(),
                    new int[][]{target})[0];
            float value;
            try (NDManager manager = model.llama().manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
                value = loss.compute(manager, new int[]{index}).getFloat();
            }
            assertEquals(-logProbability / target.length, value, 1e-4);
        }
    }

    /** The cells scored are those predicting the target's tokens (one to their left), whatever the padding. */
    @Test
    void targetCellsAreTheTargetSpanShiftedByOne() {
        int[][] sequences = {{10, 11, 12, 20, 21}, {13, 22}};
        TokenBatch batch = TokenBatch.leftPadded(sequences);
        long[][] cells = LlaraLoss.targetCells(batch, new int[]{3, 1}, new int[][]{{20, 21}, {22}});
        assertArrayEquals(new long[]{2, 3, 5 + 3}, cells[0]);
        assertArrayEquals(new long[]{20, 21, 22}, cells[1]);
        // A prompt token's label (its id, as Hugging Face's labels start out) plays no part.
        TokenBatch otherPrompt = TokenBatch.leftPadded(new int[][]{{99, 98, 97, 20, 21}, {96, 22}});
        long[][] same = LlaraLoss.targetCells(otherPrompt, new int[]{3, 1}, new int[][]{{20, 21}, {22}});
        assertArrayEquals(cells[0], same[0]);
        assertArrayEquals(cells[1], same[1]);
    }

    /** Only what was trained is saved; the base directory plus that state computes exactly what the model did. */
    @Test
    void savesOnlyTheTrainedStateAndLoadsItOntoTheBase() throws IOException {
        try (LlmRecommender model = fineTuned(LlaraFixtures.moeLora(), 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            model.save(out);
            long trainedScalars = model.llama().parameters().trainable().stream().mapToLong(p -> p.shape().size()).sum();
            assertTrue(out.size() < trainedScalars * 4 + 20_000, out.size() + " bytes");
            try (LlmRecommender loaded = LlmRecommender.load(dir, new ByteArrayInputStream(out.toByteArray()),
                    LlaraFixtures.CATALOG, Device.cpu())) {
                assertEquals("tiny-7", loaded.baseReference());
                assertEquals(model.adapter(), loaded.adapter());
                assertEquals(model.llama().parameters().snapshot(false), loaded.llama().parameters().snapshot(false));
                int[][] candidates = {{1, 2, 3}, {4, 5, 6}};
                List<CandidateAnswer> a = model.scorer(SIGNALS).rank(EXAMPLES.subList(0, 2), candidates);
                List<CandidateAnswer> b = loaded.scorer(SIGNALS).rank(EXAMPLES.subList(0, 2), candidates);
                for (int u = 0; u < 2; u++) {
                    assertArrayEquals(a.get(u).logProbabilities(), b.get(u).logProbabilities());
                }
            }
            try (LlmRecommender zeroShot = open()) {
                assertThrows(IllegalStateException.class, () -> zeroShot.save(new ByteArrayOutputStream()));
            }
        }
    }

    /** Likelihood ranking names the likeliest candidate; generation applies LLaRA's rule to the first line. */
    @Test
    void scoresCandidatesByLikelihoodAndByGeneration() throws IOException {
        int[][] candidates = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
        List<Example> test = EXAMPLES.subList(0, 3);
        try (LlmRecommender model = fineTuned(LlaraFixtures.moeLora(), 1); LlmRecommender zeroShot = open()) {
            for (LlaraScorer scorer : List.of(model.scorer(SIGNALS), zeroShot.scorer(null))) {
                List<CandidateAnswer> ranked = scorer.rank(test, candidates);
                for (int u = 0; u < test.size(); u++) {
                    CandidateAnswer a = ranked.get(u);
                    assertTrue(a.valid());
                    int[] sorted = a.shown().clone();
                    Arrays.sort(sorted);
                    assertArrayEquals(candidates[u], sorted, "the same candidates, shuffled");
                    int best = 0;
                    for (int c = 1; c < a.shown().length; c++) {
                        best = a.logProbabilities()[c] > a.logProbabilities()[best] ? c : best;
                    }
                    assertEquals(a.shown()[best], a.named());
                }
                List<CandidateAnswer> generated = scorer.generate(test, candidates);
                for (CandidateAnswer a : generated) {
                    assertEquals(a.answer(), a.answer().toLowerCase(java.util.Locale.ROOT));
                    assertFalse(a.answer().contains("\n") || a.answer().contains("<|im_end|>"));
                    assertEquals(a.valid(), a.named() >= 0);
                    assertEquals(scorer.named(a.answer(), a.shown()), a.named());
                }
                assertArrayEquals(ranked.stream().map(CandidateAnswer::shown).toArray(),
                        generated.stream().map(CandidateAnswer::shown).toArray(), "both ways show the same order");
            }
        }
    }

    @Test
    void llarasValidityRule() throws IOException {
        try (LlmRecommender zeroShot = open()) {
            LlaraScorer scorer = zeroShot.scorer(null);
            int[] shown = {4, 5, 15, 7};
            assertEquals(4, scorer.named("i'd say heat.", shown));
            assertEquals(-1, scorer.named("heat or up", shown), "two candidates named");
            assertEquals(-1, scorer.named("jaws 2", shown), "no candidate named");
            assertEquals(-1, scorer.named("ran 2", shown), "'ran' and 'ran 2' both occur");
            assertEquals("amélie (2001)", LlaraScorer.firstLine(" \n Amélie (2001) \nUp\n"));
            List<CandidateAnswer> answers = List.of(
                    new CandidateAnswer("a", 4, shown, true, 4, "heat", null, 0),
                    new CandidateAnswer("b", 5, shown, true, 4, "heat", null, 0),
                    new CandidateAnswer("c", 5, shown, false, -1, "", null, 2));
            assertEquals(2 / 3.0, CandidateAnswer.validRatio(answers), 1e-12);
            assertEquals(0.5, CandidateAnswer.hitRatioOfValid(answers), 1e-12);
            assertEquals(1 / 3.0, CandidateAnswer.hitRatio(answers), 1e-12);
            assertArrayEquals(new double[]{1, 0, 0}, CandidateAnswer.hits(answers));
        }
    }
}
