package io.recflow.ml.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.GradMode;
import io.recflow.ml.train.Parameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaModelTest {

    private static final int[][] PROMPTS = {{5, 17, 101, 3}, {9}, {250, 251, 12, 40, 77, 8, 6}};

    @TempDir
    static Path dir;

    private static LlamaModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LlamaModel.load(TinyLlama.writeImported(dir, 7), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[] logits(NDManager manager, int[][] rows) {
        try (GradMode.Scope ignored = GradMode.paused()) {
            return model.logits(model.forward(manager, TokenBatch.leftPadded(rows), null, null, null).hidden())
                    .toFloatArray();
        }
    }

    @Test
    void loadsFrozenAndProducesFiniteLogits() {
        assertTrue(model.parameters().trainable().isEmpty());
        try (NDManager manager = model.manager().newSubManager()) {
            float[] logits = logits(manager, new int[][]{PROMPTS[0]});
            assertEquals(PROMPTS[0].length * TinyLlama.CONFIG.vocabSize(), logits.length);
            for (float v : logits) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void paddedBatchMatchesEachUnpaddedSequence() {
        int vocab = TinyLlama.CONFIG.vocabSize();
        int width = PROMPTS[2].length;
        try (NDManager manager = model.manager().newSubManager()) {
            float[] batch = logits(manager, PROMPTS);
            for (int r = 0; r < PROMPTS.length; r++) {
                float[] single = logits(manager, new int[][]{PROMPTS[r]});
                int pad = width - PROMPTS[r].length;
                for (int t = 0; t < PROMPTS[r].length; t++) {
                    for (int v = 0; v < vocab; v++) {
                        float expected = single[t * vocab + v];
                        float actual = batch[((r * width) + pad + t) * vocab + v];
                        assertEquals(expected, actual, 1e-5, "row " + r + " token " + t);
                    }
                }
            }
        }
    }

    @Test
    void cachedGreedyEqualsUncachedAndSingleRowGreedy() {
        LlamaGenerator generator = new LlamaGenerator(model);
        int[][] cached = generator.greedy(PROMPTS, 10, LlamaGenerator.NO_EOS, true);
        int[][] uncached = generator.greedy(PROMPTS, 10, LlamaGenerator.NO_EOS, false);
        assertArrayEquals(uncached, cached);
        for (int r = 0; r < PROMPTS.length; r++) {
            assertEquals(10, cached[r].length);
            assertArrayEquals(cached[r], generator.greedy(new int[][]{PROMPTS[r]}, 10, LlamaGenerator.NO_EOS, true)[0]);
        }
        assertFalse(Arrays.stream(cached[0]).allMatch(t -> t == cached[0][0]), "a degenerate model");
    }

    @Test
    void greedyStopsAfterEos() {
        LlamaGenerator generator = new LlamaGenerator(model);
        int[] free = generator.greedy(new int[][]{PROMPTS[0]}, 6, LlamaGenerator.NO_EOS, true)[0];
        int[] stopped = generator.greedy(new int[][]{PROMPTS[0]}, 6, free[2], true)[0];
        int firstEos = 0;
        while (free[firstEos] != free[2]) {
            firstEos++;
        }
        assertArrayEquals(Arrays.copyOf(free, firstEos + 1), stopped);
    }

    @Test
    void continuationLogProbabilityIsTheSumOfFullForwardLogSoftmax() {
        int[] prompt = PROMPTS[2];
        int[][] continuations = {{4}, {30, 31, 32}, {200, 9}};
        double[] scores = new ContinuationScorer(model).logProbabilities(prompt, continuations);
        int vocab = TinyLlama.CONFIG.vocabSize();
        for (int c = 0; c < continuations.length; c++) {
            int[] full = IntStream.concat(Arrays.stream(prompt),
                    Arrays.stream(continuations[c])).toArray();
            double expected = 0;
            try (NDManager manager = model.manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
                NDArray hidden = model.forward(manager, TokenBatch.leftPadded(new int[][]{full}), null, null, null)
                        .hidden();
                float[] logProbs = model.logits(hidden).logSoftmax(-1).toFloatArray();
                for (int j = 0; j < continuations[c].length; j++) {
                    int predictor = prompt.length - 1 + j;
                    expected += logProbs[predictor * vocab + continuations[c][j]];
                }
            }
            assertEquals(expected, scores[c], 1e-4, "continuation " + c);
        }
    }

    @Test
    void embeddingOverridesActAsInputTokensAndPassGradients() {
        int d = TinyLlama.CONFIG.hiddenSize();
        int[] prompt = PROMPTS[0];
        int[] swapped = prompt.clone();
        swapped[1] = 42;
        try (NDManager manager = model.manager().newSubManager()) {
            float[] row42 = model.parameters().get(ImportedModel.EMBEDDING).array().get(42).toFloatArray();
            NDArray values = manager.create(row42, new Shape(1, d));
            values.setRequiresGradient(true);
            try (GradMode.Scope ignored = GradMode.recording()) {
                NDArray hidden = model.forward(manager, TokenBatch.leftPadded(new int[][]{prompt}), null,
                        new EmbeddingOverrides(new int[]{0}, new int[]{1}, values), null).hidden();
                float[] expected = logits(manager, new int[][]{swapped});
                NDArray logits = model.logits(hidden);
                assertArrayEquals(expected, logits.toFloatArray(), 1e-5f);
                GradMode.backward(logits.get(new NDIndex(":, -1, 0")).sum());
            }
            float[] gradient = values.getGradient().toFloatArray();
            assertTrue(Arrays.stream(toDoubles(gradient)).anyMatch(g -> g != 0));
        }
    }

    @Test
    void attachedAdaptersStartAtTheBaseAndAloneTrain() throws IOException {
        try (LlamaModel adapted = LlamaModel.load(dir, Device.cpu());
             NDManager manager = adapted.manager().newSubManager()) {
            AdapterConfig moe = new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 2, 4, 8, 3, 0.3);
            adapted.attach(moe, new Random(1));
            List<Parameter> trainable = adapted.parameters().trainable();
            assertEquals(TinyLlama.CONFIG.layers() * 7 * 2, trainable.size());
            assertTrue(trainable.stream().allMatch(p -> p.name().contains(".lora_")));
            // ExpertGate#mixture of expert weights 0.3 and 0.7: each over its 2 rank components, times alpha / 2.
            float scaling = (float) moe.scaling();
            NDArray gate = manager.create(new float[]{0.3f * scaling, 0.3f * scaling, 0.7f * scaling, 0.7f * scaling},
                    new Shape(1, 1, 4));
            try (GradMode.Scope ignored = GradMode.recording()) {
                NDArray logits = adapted.logits(adapted.forward(manager,
                        TokenBatch.leftPadded(new int[][]{PROMPTS[0]}), null, null, gate).hidden());
                assertArrayEquals(logits(manager, new int[][]{PROMPTS[0]}), logits.toFloatArray(), 1e-5f);
                GradMode.backward(logits.get(new NDIndex(":, -1, 0")).sum());
            }
            NDArray gradient = adapted.parameters().get("model.layers.0.self_attn.q_proj.lora_b").array().getGradient();
            assertNotNull(gradient);
            assertTrue(gradient.abs().sum().getFloat() > 0);
            assertFalse(adapted.parameters().get("model.layers.0.self_attn.q_proj.weight").trainable());
        }
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

}
