package io.recflow.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

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

        /**
         * Called before the batches of 0-based step {@code step} (of {@code totalSteps}) are computed,
         * for a loss that changes over the run (a curriculum) or draws per-step randomness.
         */
        default void startStep(long step, long totalSteps) {
        }

        /**
         * Whether the current step updates {@code parameter}. A loss that leaves a parameter out of a
         * step (never reads it) says false, and the optimiser skips it, as PyTorch's skips a parameter
         * without a gradient: no moment decay, no weight decay.
         */
        default boolean updates(Parameter parameter) {
            return true;
        }
    }

    private final String phase;
    private final ParameterStore parameters;
    private final TrainConfig config;
    private final TrainingHooks hooks;
    private final boolean cosineDecay;
    private final double floorFraction;
    private final int microBatchSize;

    /** A loop whose learning rate warms up, then decays by cosine (iLoRA's recipe). */
    public TrainingLoop(String phase, ParameterStore parameters, TrainConfig config, TrainingHooks hooks) {
        this(phase, parameters, config, hooks, true);
    }

    /** @param cosineDecay false to hold the peak rate after warm-up ({@link LearningRateSchedule}) */
    public TrainingLoop(String phase, ParameterStore parameters, TrainConfig config, TrainingHooks hooks,
                        boolean cosineDecay) {
        this(phase, parameters, config, hooks, cosineDecay, 0, config.batchSize());
    }

    private TrainingLoop(String phase, ParameterStore parameters, TrainConfig config, TrainingHooks hooks,
                         boolean cosineDecay, double floorFraction, int microBatchSize) {
        if (floorFraction < 0 || floorFraction > 1 || microBatchSize < 1) {
            throw new IllegalArgumentException("the floor must be a fraction of the peak and micro-batches hold >= 1");
        }
        this.phase = phase;
        this.parameters = parameters;
        this.config = config;
        this.hooks = hooks;
        this.cosineDecay = cosineDecay;
        this.floorFraction = floorFraction;
        this.microBatchSize = microBatchSize;
    }

    /** This loop with the cosine decay ending at {@code fraction} of the peak rate (LLaRA: 0.01) instead of 0. */
    public TrainingLoop decayingTo(double fraction) {
        return new TrainingLoop(phase, parameters, config, hooks, cosineDecay, fraction, microBatchSize);
    }

    /**
     * This loop computing each batch in micro-batches of at most {@code size} examples, one backward
     * pass each, with a single update from the summed gradients (gradient accumulation): a large
     * effective batch in the memory of a small one. Each micro-batch's loss is weighted by its share
     * of the batch's examples, which equals the whole batch's loss when the loss is a mean over
     * examples (a mean over tokens weighs the micro-batches by examples instead).
     */
    public TrainingLoop accumulating(int size) {
        return new TrainingLoop(phase, parameters, config, hooks, cosineDecay, floorFraction, size);
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
                Math.round(config.warmupFraction() * totalSteps), totalSteps, cosineDecay,
                floorFraction * config.learningRate());
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
                    loss.startStep(step, totalSteps);
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

    /**
     * One optimisation step over the batch's micro-batches; each one's arrays stay open until its
     * backward pass is done (ml/README.md, "DJL traps").
     */
    private float step(BatchLoss loss, int[] batch, List<Parameter> trainable, Adam adam, double learningRate) {
        float value = 0;
        for (int from = 0; from < batch.length; from += microBatchSize) {
            int[] part = Arrays.copyOfRange(batch, from, Math.min(batch.length, from + microBatchSize));
            try (NDManager batchManager = parameters.manager().newSubManager();
                 GradMode.Scope recording = GradMode.recording()) {
                NDArray result = loss.compute(batchManager, part);
                if (part.length < batch.length) {
                    result = result.mul(batchManager.full(new Shape(), (float) part.length / batch.length,
                            DataType.FLOAT32));
                }
                GradMode.backward(result);
                value += result.getFloat();
            }
            hooks.progress().onWork();
        }
        if (!Float.isFinite(value)) {
            throw new IllegalStateException(phase + ": the loss became " + value + "; lower the learning rate");
        }
        adam.step(trainable.stream().filter(loss::updates).toList(), learningRate);
        return value;
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
        List<String> expected = trainable.stream().map(Parameter::name).toList();
        List<String> saved = state.parameters().stream().map(NamedTensor::name).toList();
        if (!ParameterNames.same(expected, saved)) {
            throw new IllegalArgumentException(phase + ": the checkpoint's parameters do not match the model's"
                    + " trainable ones: " + ParameterNames.difference(expected, saved));
        }
    }

    /**
     * The example order of one epoch: a Fisher-Yates shuffle seeded by (seed, epoch) alone. Its stream
     * (seed, 0, epoch) is also LLaRA's candidate draw of the step-0 example {@code epoch}
     * ({@code LlaraLoss.candidates}); harmless, and kept: a new stream would change every model trained
     * from a given spec and seed.
     */
    static int[] permutation(long seed, int epoch, int size) {
        Random random = new Random(Seeds.mix(seed, 0, epoch));
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
