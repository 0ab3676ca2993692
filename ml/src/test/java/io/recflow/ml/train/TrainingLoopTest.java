package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.progress.ProgressListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop, Adam and checkpoints on a small linear regression, where every number can be checked. */
class TrainingLoopTest {

    private static final int EXAMPLES = 50;
    private static final int FEATURES = 3;

    private NDManager manager;
    private float[][] inputs;
    private float[] targets;

    @BeforeEach
    void data() {
        manager = NDManager.newBaseManager();
        Random random = new Random(11);
        inputs = new float[EXAMPLES][FEATURES];
        targets = new float[EXAMPLES];
        for (int i = 0; i < EXAMPLES; i++) {
            for (int f = 0; f < FEATURES; f++) {
                inputs[i][f] = (float) random.nextGaussian();
            }
            targets[i] = inputs[i][0] - 2 * inputs[i][1] + 0.5f * inputs[i][2] + 0.3f;
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** y = x w + b with weights from {@code seed}; a frozen offset that must never move. */
    private ParameterStore model(NDManager owner, long seed) {
        ParameterStore store = new ParameterStore(owner);
        store.add("w", new Shape(FEATURES, 1), Initialization.normal(new Random(seed), FEATURES, 0.1));
        store.add("b", new Shape(1), new float[1], 0.5f);
        store.add("frozen", new Shape(1), new float[] {0.25f}).setTrainable(false);
        return store;
    }

    private TrainingLoop.BatchLoss meanSquaredError(ParameterStore store) {
        return (batchManager, indexes) -> {
            float[][] x = new float[indexes.length][];
            float[] y = new float[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                x[i] = inputs[indexes[i]];
                y[i] = targets[indexes[i]];
            }
            NDArray prediction = batchManager.create(x).matMul(store.get("w").array()).reshape(indexes.length)
                    .add(store.get("b").array()).add(store.get("frozen").array());
            NDArray error = prediction.sub(batchManager.create(y).add(store.get("frozen").array()));
            return error.square().mean();
        };
    }

    private static TrainConfig config(int checkpointEvery) {
        return new TrainConfig(4, 8, 0.05, 0.1, 42, checkpointEvery);
    }

    private static float[] values(ParameterStore store) {
        List<Float> all = new ArrayList<>();
        for (Parameter p : store.all()) {
            for (float v : p.array().toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Test
    void learnsAndLeavesFrozenParametersAlone() {
        ParameterStore store = model(manager, 1);
        TrainingState state = new TrainingLoop("fit", store, new TrainConfig(30, 8, 0.05, 0.1, 42, 1000),
                TrainingHooks.NONE).run(EXAMPLES, meanSquaredError(store), null);
        float[] w = store.get("w").array().toFloatArray();
        assertEquals(1f, w[0], 0.05f);
        assertEquals(-2f, w[1], 0.05f);
        assertTrue(state.recentLoss(7) < 0.01, "loss " + state.recentLoss(7));
        assertEquals(0.25f, store.get("frozen").array().getFloat());
        assertFalse(store.get("frozen").array().hasGradient());
        assertTrue(state.finished());
        assertEquals(30 * 7, state.step());
    }

    /** PyTorch's Adam moves every weight by lr * g / (|g| + eps) on its first step: about lr, times the group's scale. */
    @Test
    void firstAdamStepMovesByTheScaledLearningRate() {
        ParameterStore store = model(manager, 1);
        float[] before = values(store);
        try (Adam adam = new Adam(manager); NDManager batch = manager.newSubManager()) {
            try (GradMode.Scope recording = GradMode.recording()) {
                GradMode.backward(meanSquaredError(store).compute(batch, new int[] {0, 1, 2}));
            }
            adam.step(store.trainable(), 0.1);
        }
        float[] after = values(store);
        for (int i = 0; i < FEATURES; i++) {
            assertEquals(0.1, Math.abs(after[i] - before[i]), 1e-5, "weight " + i);
        }
        assertEquals(0.05, Math.abs(after[FEATURES] - before[FEATURES]), 1e-5, "b trains at 0.5x");
        assertEquals(before[FEATURES + 1], after[FEATURES + 1], "frozen");
        assertArrayEquals(new float[FEATURES], store.get("w").array().getGradient().toFloatArray(),
                "gradients are zeroed after the update");
    }

    @Test
    void sameSeedGivesTheSameLossCurve() {
        ParameterStore first = model(manager, 1);
        ParameterStore second = model(manager, 1);
        TrainingState a = new TrainingLoop("fit", first, config(1000), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(first), null);
        TrainingState b = new TrainingLoop("fit", second, config(1000), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(second), null);
        assertArrayEquals(a.losses(), b.losses());
        assertArrayEquals(values(first), values(second));
    }

    /** A run stopped at a checkpoint and resumed on a fresh model ends bit-identically to one that never stopped. */
    @Test
    void resumingFromACheckpointEndsLikeTheUninterruptedRun() throws IOException {
        ParameterStore uninterrupted = model(manager, 1);
        TrainingState expected = new TrainingLoop("fit", uninterrupted, config(5), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(uninterrupted), null);

        byte[][] saved = new byte[1][];
        CheckpointListener crashOnSecond = new CheckpointListener() {
            private int seen;

            @Override
            public void onCheckpoint(TrainingState state) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try {
                    state.writeTo(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                saved[0] = bytes.toByteArray();
                if (++seen == 3) { // step 15: mid-epoch (7 steps per epoch)
                    throw new IllegalStateException("worker lost");
                }
            }
        };
        try (NDManager crashed = manager.newSubManager()) {
            ParameterStore interrupted = model(crashed, 1);
            assertThrows(IllegalStateException.class, () -> new TrainingLoop("fit", interrupted, config(5),
                    new TrainingHooks(null, crashOnSecond)).run(EXAMPLES, meanSquaredError(interrupted), null));
        }
        TrainingState checkpoint = TrainingState.readFrom(new ByteArrayInputStream(saved[0]));
        assertEquals(15, checkpoint.step());
        assertEquals(2, checkpoint.epoch());
        assertEquals(1, checkpoint.stepInEpoch());

        ParameterStore resumed = model(manager, 99); // other initial values: the checkpoint must overwrite them
        List<Long> reportedSteps = new ArrayList<>();
        TrainingState actual = new TrainingLoop("fit", resumed, config(5),
                new TrainingHooks((phase, epoch, epochs, step, total, loss) -> reportedSteps.add(step), null))
                .run(EXAMPLES, meanSquaredError(resumed), checkpoint);

        assertArrayEquals(expected.losses(), actual.losses());
        assertArrayEquals(values(uninterrupted), values(resumed));
        assertEquals(16L, reportedSteps.get(0));
        assertEquals(28L, reportedSteps.get(reportedSteps.size() - 1));
    }

    @Test
    void refusesACheckpointOfAnotherSetup() {
        ParameterStore store = model(manager, 1);
        TrainingState state = new TrainingLoop("fit", store, config(1000), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(store), null);
        TrainConfig otherBatch = new TrainConfig(4, 16, 0.05, 0.1, 42, 1000);
        assertThrows(IllegalArgumentException.class, () -> new TrainingLoop("fit", store, otherBatch,
                TrainingHooks.NONE).run(EXAMPLES, meanSquaredError(store), state));
        assertThrows(IllegalArgumentException.class, () -> new TrainingLoop("other", store, config(1000),
                TrainingHooks.NONE).run(EXAMPLES, meanSquaredError(store), state));
    }

    @Test
    void reportsProgressEveryStep() {
        ParameterStore store = model(manager, 1);
        List<String> reports = new ArrayList<>();
        new TrainingLoop("fit", store, config(1000), new TrainingHooks(
                (phase, epoch, epochs, step, total, loss) -> reports.add(phase + " " + epoch + "/" + epochs + " "
                        + step + "/" + total), null)).run(EXAMPLES, meanSquaredError(store), null);
        assertEquals(28, reports.size());
        assertEquals("fit 1/4 1/28", reports.get(0));
        assertEquals("fit 4/4 28/28", reports.get(27));
    }

    /**
     * Temporal runs activities on its own threads, where PyTorch's grad mode starts out on, and a
     * worker may train two models at once.
     */
    @Test
    void trainsConcurrentlyOnOtherThreadsAndEndsTheSame() throws InterruptedException {
        ParameterStore here = model(manager, 1);
        TrainingState expected = new TrainingLoop("fit", here, config(1000), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(here), null);
        List<ParameterStore> stores = List.of(model(manager, 1), model(manager, 1));
        List<AtomicReference<Object>> outcomes = List.of(new AtomicReference<>(), new AtomicReference<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ParameterStore store = stores.get(i);
            AtomicReference<Object> outcome = outcomes.get(i);
            workers.add(new Thread(() -> {
                try {
                    outcome.set(new TrainingLoop("fit", store, config(1000), TrainingHooks.NONE)
                            .run(EXAMPLES, meanSquaredError(store), null));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(outcomes.get(i).get() instanceof TrainingState, "failed: " + outcomes.get(i).get());
            assertArrayEquals(expected.losses(), ((TrainingState) outcomes.get(i).get()).losses());
            assertArrayEquals(values(here), values(stores.get(i)));
        }
    }

    @Test
    void keepsNoArraysBehind() {
        ParameterStore store = model(manager, 1);
        int before = manager.getManagedArrays().size();
        new TrainingLoop("fit", store, config(1000), TrainingHooks.NONE).run(EXAMPLES, meanSquaredError(store), null);
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void warmsUpLinearlyThenDecaysByCosine() {
        LearningRateSchedule schedule = new LearningRateSchedule(1.0, 4, 14, true);
        assertEquals(0.25, schedule.rate(0), 1e-12);
        assertEquals(1.0, schedule.rate(3), 1e-12);
        assertEquals(1.0, schedule.rate(4), 1e-12);
        assertEquals(0.5, schedule.rate(9), 1e-12);
        assertTrue(schedule.rate(13) > 0 && schedule.rate(13) < 0.03);
    }

    @Test
    void withoutDecayHoldsThePeakAfterWarmUp() {
        LearningRateSchedule schedule = new LearningRateSchedule(1.0, 4, 14, false);
        assertEquals(0.25, schedule.rate(0), 1e-12);
        assertEquals(1.0, schedule.rate(4), 1e-12);
        assertEquals(1.0, schedule.rate(13), 1e-12);
    }

    @Test
    void cosineDecayCanEndAtAFloor() {
        LearningRateSchedule schedule = new LearningRateSchedule(1.0, 4, 14, true, 0.01);
        assertEquals(0.25, schedule.rate(0), 1e-12);
        assertEquals(1.0, schedule.rate(4), 1e-12);
        assertEquals(0.505, schedule.rate(9), 1e-12);
        assertTrue(schedule.rate(13) > 0.01 && schedule.rate(13) < 0.04);
        assertEquals(0.01, schedule.rate(20), 1e-12);
    }

    /** Micro-batches whose losses are example means accumulate to the gradient of the whole batch. */
    @Test
    void gradientAccumulationMatchesTheWholeBatch() {
        ParameterStore whole = model(manager, 1);
        ParameterStore accumulated = model(manager, 1);
        TrainingState a = new TrainingLoop("fit", whole, config(1000), TrainingHooks.NONE)
                .run(EXAMPLES, meanSquaredError(whole), null);
        TrainingState b = new TrainingLoop("fit", accumulated, config(1000), TrainingHooks.NONE).accumulating(3)
                .run(EXAMPLES, meanSquaredError(accumulated), null);
        assertArrayEquals(values(whole), values(accumulated), 1e-5f);
        assertArrayEquals(a.losses(), b.losses(), 1e-5f);
    }

    /** Within a step, the listener hears after every micro-batch that the work goes on (a long step must not look hung). */
    @Test
    void reportsWorkAfterEveryMicroBatch() {
        ParameterStore store = model(manager, 1);
        List<String> heard = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
                heard.add("step");
            }

            @Override
            public void onWork() {
                heard.add("work");
            }
        };
        new TrainingLoop("fit", store, config(1000), new TrainingHooks(listener, null)).accumulating(3)
                .run(EXAMPLES, meanSquaredError(store), null);
        // 50 examples in batches of 8: six batches of three micro-batches (3 + 3 + 2) and one of 2, per epoch.
        List<String> epoch = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            epoch.addAll(List.of("work", "work", "work", "step"));
        }
        epoch.addAll(List.of("work", "step"));
        List<String> expected = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            expected.addAll(epoch);
        }
        assertEquals(expected, heard);
    }

    /** A parameter left out of a step keeps its value and moments; its first update is a first Adam step. */
    @Test
    void aParameterLeftOutOfAStepIsNotUpdated() {
        ParameterStore store = model(manager, 1);
        TrainingLoop.BatchLoss base = meanSquaredError(store);
        List<Long> steps = new ArrayList<>();
        float[] bBefore = store.get("b").array().toFloatArray();
        TrainingLoop.BatchLoss skipBiasFirst = new TrainingLoop.BatchLoss() {
            @Override
            public NDArray compute(NDManager batchManager, int[] exampleIndexes) {
                return base.compute(batchManager, exampleIndexes);
            }

            @Override
            public void startStep(long step, long totalSteps) {
                steps.add(step);
            }

            @Override
            public boolean updates(Parameter parameter) {
                return !parameter.name().equals("b") || steps.size() > 3;
            }
        };
        TrainConfig three = new TrainConfig(1, 16, 0.05, 0, 42, 1000);
        TrainingState state = new TrainingLoop("fit", store, three, TrainingHooks.NONE).run(EXAMPLES, skipBiasFirst,
                null);
        assertEquals(List.of(0L, 1L, 2L, 3L), steps);
        assertEquals(4L, state.optimizer().updates().get("w"));
        assertEquals(1L, state.optimizer().updates().get("b"), "b: one update, in the last step");
        // Bias-corrected by its own count, b's one update is a first Adam step: |delta| = that step's rate * scale.
        assertEquals(new LearningRateSchedule(0.05, 0, 4, true).rate(3) * 0.5, Math.abs(store.get("b").array().toFloatArray()[0] - bBefore[0]), 1e-4);
    }

    @Test
    void weightDecayAddsAnL2TermToTheGradient() {
        ParameterStore store = new ParameterStore(manager);
        Parameter p = store.add("p", new Shape(2), new float[] {1f, -1f}, 1f, 0.5f);
        try (Adam adam = new Adam(manager); NDManager batch = manager.newSubManager()) {
            // No loss gradient at all: only the decay term moves the weights, towards 0 by lr on the first step.
            try (GradMode.Scope recording = GradMode.recording()) {
                GradMode.backward(p.array().mul(batch.zeros(new Shape(2))).sum());
            }
            adam.step(store.trainable(), 0.1);
        }
        assertArrayEquals(new float[] {0.9f, -0.9f}, p.array().toFloatArray(), 1e-5f);
    }

    /** Several steps with weight decay and a scaled rate against PyTorch's rule, written out in double. */
    @Test
    void adamFollowsPyTorchsUpdateRuleStepAfterStep() {
        ParameterStore store = new ParameterStore(manager);
        float[] start = {1f, -1f, 0.3f};
        Parameter p = store.add("p", new Shape(3), start, 0.5f, 0.1f);
        float[][] lossGradients = {{0.2f, -0.7f, 1.5f}, {-0.4f, 0.1f, 2f}, {0.05f, -3f, -0.5f}, {1f, 1f, 1f}};
        double[] w = {start[0], start[1], start[2]};
        double[] m = new double[3];
        double[] v = new double[3];
        double rate = 0.1 * 0.5;
        try (Adam adam = new Adam(manager)) {
            for (int t = 1; t <= lossGradients.length; t++) {
                try (NDManager batch = manager.newSubManager(); GradMode.Scope recording = GradMode.recording()) {
                    GradMode.backward(p.array().mul(batch.create(lossGradients[t - 1])).sum());
                }
                adam.step(store.trainable(), 0.1);
                for (int i = 0; i < 3; i++) {
                    double g = lossGradients[t - 1][i] + 0.1 * w[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    w[i] -= rate / (1 - Math.pow(0.9, t)) * m[i] / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
                }
                float[] actual = p.array().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(w[i], actual[i], 1e-6, "step " + t + ", weight " + i);
                }
            }
        }
    }

    @Test
    void permutationsDependOnSeedAndEpochOnly() {
        assertArrayEquals(TrainingLoop.permutation(7, 3, 20), TrainingLoop.permutation(7, 3, 20));
        assertFalse(Arrays.equals(TrainingLoop.permutation(7, 3, 20), TrainingLoop.permutation(7, 4, 20)));
        assertEquals(190, Arrays.stream(TrainingLoop.permutation(7, 3, 20)).sum());
    }
}
