package io.recflow.ml.generative;

import io.recflow.ml.progress.ProgressListener;
import ai.djl.Device;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.NamedTensor;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** iLoRA fine-tuning on a backbone pretrained for "next item", towards "the item after next". */
class FineTuningTest {

    private static final int ITEMS = 30;
    private static final ItemCodes CODES = Fixtures.codes(ITEMS, 5);
    private static final List<Example> SHIFTED = Fixtures.successors(ITEMS, 4, 2);
    private static final Function<int[][], float[][]> GATE_INPUTS = Fixtures::representations;

    private static byte[] base;

    @BeforeAll
    static void pretrainBase() throws IOException {
        try (GenerativeModel model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu())) {
            model.pretrain(Fixtures.successors(ITEMS, 4, 1), new TrainConfig(80, 16, 3e-3, 0.05, 7, 1000), null,
                    TrainingHooks.NONE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            model.save(bytes);
            base = bytes.toByteArray();
        }
    }

    private static GenerativeModel loadBase() {
        try {
            return GenerativeModel.load(new ByteArrayInputStream(base), Device.cpu());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrainConfig fineTuning(int epochs, int checkpointEvery) {
        return new TrainConfig(epochs, 16, 5e-3, 0.05, 11, checkpointEvery);
    }

    private static double topOneAccuracy(GenerativeModel model) {
        List<List<ScoredItem>> top = model.recommender(GATE_INPUTS).recommend(Fixtures.histories(SHIFTED), 1);
        int hits = 0;
        for (int i = 0; i < SHIFTED.size(); i++) {
            hits += top.get(i).get(0).item() == SHIFTED.get(i).target() ? 1 : 0;
        }
        return (double) hits / SHIFTED.size();
    }

    private static Map<String, float[]> values(GenerativeModel model) {
        return model.parameters().all().stream().collect(Collectors.toMap(Parameter::name, p -> p.array().toFloatArray()));
    }

    @Test
    void encodingTheGateInputsReportsWorkAfterEveryChunk() {
        // 1,500 histories: two chunks of gate inputs, and no training step (0 epochs) to report anything else.
        List<Example> many = new ArrayList<>();
        while (many.size() < 1500) {
            many.addAll(SHIFTED);
        }
        List<String> events = new ArrayList<>();
        Function<int[][], float[][]> recordingInputs = histories -> {
            events.add("encode " + histories.length);
            return Fixtures.representations(histories);
        };
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
                events.add("progress");
            }

            @Override
            public void onWork() {
                events.add("work");
            }
        };
        try (GenerativeModel model = loadBase()) {
            model.fineTune(many.subList(0, 1500), GenerativeModelTest.moeLora(), recordingInputs, fineTuning(0, 1000),
                    null, new TrainingHooks(listener, null));
        }
        assertEquals(List.of("encode 1024", "work", "encode 476", "work"), events);
    }

    @Test
    void onlyTheAdapterAndGateLearnAndTheBaseStaysBitIdentical() {
        try (GenerativeModel initial = loadBase(); GenerativeModel model = loadBase()) {
            Map<String, float[]> baseValues = values(model);
            double before = topOneAccuracy(model);
            // Zero epochs: the adapter as initialised, to compare against.
            initial.fineTune(SHIFTED, GenerativeModelTest.moeLora(), GATE_INPUTS, fineTuning(0, 1000), null,
                    TrainingHooks.NONE);
            TrainingState state = model.fineTune(SHIFTED, GenerativeModelTest.moeLora(), GATE_INPUTS,
                    fineTuning(40, 1000), null, TrainingHooks.NONE);
            double after = topOneAccuracy(model);
            System.out.printf("MoE-LoRA fine-tuning: top-1 on the shifted pattern %.2f -> %.2f, loss %.3f -> %.3f%n",
                    before, after, state.losses()[0], state.recentLoss(8));

            Set<String> trainable = model.parameters().trainable().stream().map(Parameter::name).collect(Collectors.toSet());
            Map<String, float[]> initialValues = values(initial);
            for (Parameter p : model.parameters().all()) {
                float[] now = p.array().toFloatArray();
                if (baseValues.containsKey(p.name())) {
                    assertFalse(trainable.contains(p.name()), p.name() + " should be frozen");
                    assertFalse(p.array().hasGradient(), p.name() + " should get no gradient");
                    assertArrayEquals(baseValues.get(p.name()), now, p.name() + " changed");
                } else {
                    assertTrue(p.name().contains(".lora_") || p.name().startsWith("gate."), p.name());
                    assertTrue(trainable.contains(p.name()), p.name() + " should train");
                    assertFalse(Arrays.equals(initialValues.get(p.name()), now), p.name() + " got no update");
                }
            }
            assertEquals(2 + 24, trainable.size(), "gate weight and bias, and A and B of 12 layers");
            assertTrue(before < 0.2, "the base predicts the next item, not the one after: " + before);
            assertTrue(after >= 0.8, "the adapter learned the shift: " + after);
        }
    }

    /** Stopped at a checkpoint (the worker dies) and resumed on a freshly loaded base: the same final model. */
    @Test
    void resumingFromACheckpointEndsLikeTheUninterruptedRun() throws IOException {
        TrainConfig config = fineTuning(3, 4);
        float[] expectedValues;
        float[] expectedLosses;
        try (GenerativeModel model = loadBase()) {
            expectedLosses = model.fineTune(SHIFTED, GenerativeModelTest.moeLora(), GATE_INPUTS, config, null,
                    TrainingHooks.NONE).losses();
            expectedValues = Fixtures.allValues(model);
        }
        List<byte[]> checkpoints = new ArrayList<>();
        try (GenerativeModel model = loadBase()) {
            assertThrows(IllegalStateException.class, () -> model.fineTune(SHIFTED, GenerativeModelTest.moeLora(),
                    GATE_INPUTS, config, null, Fixtures.dyingAtCheckpoint(checkpoints, 3)));
        }
        TrainingState checkpoint = TrainingState.readFrom(new ByteArrayInputStream(checkpoints.get(2)));
        assertEquals(12, checkpoint.step());
        assertEquals(26, checkpoint.parameters().size(), "only the trainable parameters are checkpointed");
        assertTrue(checkpoint.parameters().stream().map(NamedTensor::name)
                .allMatch(n -> n.contains(".lora_") || n.startsWith("gate.")));
        try (GenerativeModel model = loadBase()) {
            TrainingState resumed = model.fineTune(SHIFTED, GenerativeModelTest.moeLora(), GATE_INPUTS, config,
                    checkpoint, TrainingHooks.NONE);
            assertArrayEquals(expectedLosses, resumed.losses());
            assertArrayEquals(expectedValues, Fixtures.allValues(model));
        }
    }
}
