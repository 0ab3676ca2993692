package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerativeModelTest {

    private static final int ITEMS = 30;
    private static final ItemCodes CODES = Fixtures.codes(ITEMS, 5);
    private static final List<Example> EXAMPLES = Fixtures.successors(ITEMS, 4, 1);

    private static TrainConfig pretraining(int epochs) {
        return new TrainConfig(epochs, 16, 3e-3, 0.05, 7, 1000);
    }

    private static double topOneAccuracy(GenerativeRecommender recommender, List<Example> examples) {
        List<List<ScoredItem>> top = recommender.recommend(Fixtures.histories(examples), 1);
        int hits = 0;
        for (int i = 0; i < examples.size(); i++) {
            hits += top.get(i).get(0).item() == examples.get(i).target() ? 1 : 0;
        }
        return (double) hits / examples.size();
    }

    @Test
    void learnsWhichItemComesNext() {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            long start = System.nanoTime();
            TrainingState state = model.pretrain(EXAMPLES, pretraining(80), null, TrainingHooks.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = topOneAccuracy(model.recommender(null), EXAMPLES);
            System.out.printf("pretrain: %d steps in %.1f s (%.0f steps/s), loss %.3f -> %.3f, top-1 %.2f%n",
                    state.step(), seconds, state.step() / seconds, state.losses()[0], state.recentLoss(8), accuracy);
            assertTrue(accuracy >= 0.9, "top-1 accuracy " + accuracy + " (chance " + 1.0 / ITEMS + ")");
        }
    }

    @Test
    void sameSeedGivesTheSameModelAndLossCurve() {
        try (GenerativeModel a = GenerativeModel.create(CODES, Fixtures.backbone(), 3, Device.cpu());
             GenerativeModel b = GenerativeModel.create(CODES, Fixtures.backbone(), 3, Device.cpu());
             GenerativeModel c = GenerativeModel.create(CODES, Fixtures.backbone(), 4, Device.cpu())) {
            assertArrayEquals(Fixtures.allValues(a), Fixtures.allValues(b));
            assertFalse(java.util.Arrays.equals(Fixtures.allValues(a), Fixtures.allValues(c)));
            float[] first = a.pretrain(EXAMPLES, pretraining(3), null, TrainingHooks.NONE).losses();
            float[] second = b.pretrain(EXAMPLES, pretraining(3), null, TrainingHooks.NONE).losses();
            assertArrayEquals(first, second);
            assertArrayEquals(Fixtures.allValues(a), Fixtures.allValues(b));
        }
    }

    @Test
    void savedAndLoadedModelComputesTheSame() throws IOException {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            model.pretrain(EXAMPLES, pretraining(2), null, TrainingHooks.NONE);
            model.fineTune(EXAMPLES, moeLora(), Fixtures::representations, pretraining(2), null, TrainingHooks.NONE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.save(bytes);
            try (GenerativeModel loaded = GenerativeModel.load(new ByteArrayInputStream(bytes.toByteArray()), Device.cpu())) {
                assertEquals(model.config(), loaded.config());
                assertEquals(model.codes(), loaded.codes());
                assertEquals(model.adapter(), loaded.adapter());
                assertArrayEquals(Fixtures.allValues(model), Fixtures.allValues(loaded));
                int[][] histories = Fixtures.histories(EXAMPLES.subList(0, 12));
                int[][] candidates = new int[12][];
                for (int i = 0; i < 12; i++) {
                    candidates[i] = new int[] {i, (i + 7) % ITEMS, (i * 5) % ITEMS};
                }
                assertEquals(model.recommender(Fixtures::representations).recommend(histories, 10),
                        loaded.recommender(Fixtures::representations).recommend(histories, 10));
                assertArrayEquals(model.recommender(Fixtures::representations).scoreCandidates(histories, candidates),
                        loaded.recommender(Fixtures::representations).scoreCandidates(histories, candidates));
            }
        }
    }

    @Test
    void fullFineTuningTrainsEverythingWithoutAnAdapter() {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            int parameters = model.parameters().all().size();
            float[] before = Fixtures.allValues(model);
            model.fineTune(EXAMPLES, AdapterConfig.full(), null, pretraining(1), null, TrainingHooks.NONE);
            assertEquals(parameters, model.parameters().all().size(), "no adapter parameters");
            assertTrue(model.parameters().all().stream().allMatch(Parameter::trainable));
            assertFalse(java.util.Arrays.equals(before, Fixtures.allValues(model)));
        }
    }

    @Test
    void plainLoraHasNoGate() {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            model.fineTune(EXAMPLES, AdapterConfig.lora(), null, pretraining(1), null, TrainingHooks.NONE);
            List<String> trainable = model.parameters().trainable().stream().map(Parameter::name).toList();
            // 2 layers x (q, k, v, o, ffn in, ffn out) x (A, B)
            assertEquals(24, trainable.size());
            assertTrue(trainable.stream().allMatch(n -> n.contains(".lora_")), trainable.toString());
        }
    }

    @Test
    void refusesMisuse() {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            assertThrows(IllegalArgumentException.class, () -> model.fineTune(EXAMPLES, moeLora(), null,
                    pretraining(1), null, TrainingHooks.NONE), "MoE-LoRA without gate inputs");
            model.fineTune(EXAMPLES, moeLora(), Fixtures::representations, pretraining(1), null, TrainingHooks.NONE);
            assertThrows(IllegalStateException.class, () -> model.pretrain(EXAMPLES, pretraining(1), null,
                    TrainingHooks.NONE));
            assertThrows(IllegalArgumentException.class, () -> model.recommender(null));
            assertThrows(IllegalArgumentException.class, () -> model.recommender(h -> new float[h.length][3])
                    .recommend(new int[][] {{1}}, 5), "gate inputs of the wrong size");
        }
    }

    static AdapterConfig moeLora() {
        return new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, Fixtures.GATE_DIM, 0.3);
    }
}
