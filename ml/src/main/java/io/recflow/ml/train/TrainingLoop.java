package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mini-batch training of a {@link ParameterStore}'s trainable parameters with {@link Adam} and a
 * {@link LearningRateSchedule}. It records gradients itself ({@link GradMode}) rather than through
 * DJL's Trainer, to own what trains and every bit of state: the batch order of an epoch is a function of
 * (seed, epoch), so a run resumed from a {@link TrainingState} takes exactly the steps the
 * uninterrupted run would have taken, and ends with the same parameters.
 */
public final class TrainingLoop {

    /** The loss of one batch: builds its inputs in {@code batchManager} and returns a scalar to minimise. */
    @FunctionalInterface
    public interface BatchLoss {
        NDArray compute(NDManager batchManager, int[] exampleIndexes);
    }

    private final String phase;
    private final ParameterStore parameters;
    private final TrainConfig config;
    private final TrainingHooks hooks;
    private final boolean cosineDecay;

    /** A loop whose learning rate warms up, then decays by cosine (iLoRA's recipe). */
    public TrainingLoop(String phase, ParameterStore parameters, TrainConfig config, TrainingHooks hooks) {
        this(phase, parameters, config, hooks, true);
    }

    /** @param cosineDecay false to hold the peak rate after warm-up ({@link LearningRateSchedule}) */
    public TrainingLoop(String phase, ParameterStore parameters, TrainConfig config, TrainingHooks hooks,
                        boolean cosineDecay) {
        this.phase = phase;
        this.parameters = parameters;
        this.config = config;
        this.hooks = hooks;
        this.cosineDecay = cosineDecay;
    }

    /**
     * Trains over {@code exampleCount} examples for the configured epochs, starting from
     * {@code resumeFrom} when it is not null, and returns the final state.
     */
    public TrainingState run(int exampleCount, BatchLoss loss, TrainingState resumeFrom) {
        if (exampleCount < 1) {
            throw new IllegalArgumentException(phase + ": no training examples");
        }
        int stepsPerEpoch = (exampleCount + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) stepsPerEpoch * config.epochs();
        LearningRateSchedule schedule = new LearningRateSchedule(config.learningRate(),
                Math.round(config.warmupFraction() * totalSteps), totalSteps, cosineDecay);
        List<Parameter> trainable = parameters.trainable();
        try (Adam adam = new Adam(parameters.manager())) {
            int epoch = 0;
            int firstStep = 0;
            float[] losses = new float[Math.toIntExact(totalSteps)];
            long step = 0;
            if (resumeFrom != null) {
                checkResumable(resumeFrom, stepsPerEpoch, totalSteps, trainable);
                parameters.load(resumeFrom.parameters());
                adam.restore(resumeFrom.optimizer());
                epoch = resumeFrom.epoch();
                firstStep = resumeFrom.stepInEpoch();
                step = resumeFrom.step();
                System.arraycopy(resumeFrom.losses(), 0, losses, 0, resumeFrom.losses().length);
            }
            for (; epoch < config.epochs(); epoch++, firstStep = 0) {
                int[] order = permutation(config.seed(), epoch, exampleCount);
                for (int s = firstStep; s < stepsPerEpoch; s++) {
                    int[] batch = Arrays.copyOfRange(order, s * config.batchSize(),
                            Math.min(exampleCount, (s + 1) * config.batchSize()));
                    float value = step(loss, batch, trainable, adam, schedule.rate(step));
                    losses[(int) step++] = value;
                    hooks.progress().onProgress(phase, epoch + 1, config.epochs(), step, totalSteps, value);
                    if (step % config.checkpointEvery() == 0) {
                        boolean epochDone = s + 1 == stepsPerEpoch;
                        hooks.checkpoints().onCheckpoint(snapshot(epochDone ? epoch + 1 : epoch,
                                epochDone ? 0 : s + 1, stepsPerEpoch, totalSteps, Arrays.copyOf(losses, (int) step), adam));
                    }
                }
            }
            return snapshot(config.epochs(), 0, stepsPerEpoch, totalSteps, losses, adam);
        }
    }

    /** One optimisation step; the batch's arrays stay open until the update is done (ml/README.md, "DJL traps"). */
    private float step(BatchLoss loss, int[] batch, List<Parameter> trainable, Adam adam, double learningRate) {
        try (NDManager batchManager = parameters.manager().newSubManager()) {
            float value;
            try (GradMode.Scope recording = GradMode.recording()) {
                NDArray result = loss.compute(batchManager, batch);
                GradMode.backward(result);
                value = result.getFloat();
            }
            if (!Float.isFinite(value)) {
                throw new IllegalStateException(phase + ": the loss became " + value + "; lower the learning rate");
            }
            adam.step(trainable, learningRate);
            return value;
        }
    }

    private TrainingState snapshot(int epoch, int stepInEpoch, int stepsPerEpoch, long totalSteps, float[] losses,
                                   Adam adam) {
        return new TrainingState(phase, epoch, stepInEpoch, stepsPerEpoch, totalSteps, losses,
                parameters.snapshot(true), adam.state());
    }

    private void checkResumable(TrainingState state, int stepsPerEpoch, long totalSteps, List<Parameter> trainable) {
        if (!state.phase().equals(phase)) {
            throw new IllegalArgumentException("cannot resume phase '" + phase + "' from a '" + state.phase()
                    + "' checkpoint");
        }
        if (state.stepsPerEpoch() != stepsPerEpoch || state.totalSteps() != totalSteps) {
            throw new IllegalArgumentException(phase + ": the checkpoint was taken with " + state.stepsPerEpoch()
                    + " steps per epoch and " + state.totalSteps() + " in all, this run has " + stepsPerEpoch
                    + " and " + totalSteps + " (different data, batch size or epochs)");
        }
        Set<String> expected = trainable.stream().map(Parameter::name).collect(Collectors.toSet());
        Set<String> saved = state.parameters().stream().map(NamedTensor::name).collect(Collectors.toSet());
        if (!expected.equals(saved)) {
            throw new IllegalArgumentException(phase + ": the checkpoint's parameters do not match the model's"
                    + " trainable ones");
        }
    }

    /** The example order of one epoch: a Fisher-Yates shuffle seeded by (seed, epoch) alone. */
    static int[] permutation(long seed, int epoch, int size) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
