package io.recflow.ml.llara;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.llm.TokenBatch;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.Seeds;
import io.recflow.ml.train.TrainingLoop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * LLaRA's fine-tuning loss: the mean cross-entropy over the target's tokens only (the next item's
 * title and its newline), after a prompt of the user's history and candidates.
 *
 * <p>Curriculum: step s of S uses the hybrid prompt with probability s / S, else the text-only one,
 * for the whole batch; in a text-only step the projector is not read, so it is not updated.
 * Everything random (the curriculum's coin, each example's candidates and their order, the
 * adapters' dropout) is seeded by (seed, step, example or micro-batch), so a resumed run repeats it.
 */
final class LlaraLoss implements TrainingLoop.BatchLoss {

    /** Seeds per step: examples draw their candidates at their index (>= 0); these streams sit below 0. */
    private static final long CURRICULUM_STREAM = -1;
    private static final long DROPOUT_STREAM = -2;

    private final LlmRecommender model;
    private final List<Example> examples;
    private final float[][] representations;
    private final float[][] itemEmbeddings;
    private final LlaraTraining training;
    private long step;
    private boolean hybrid;
    private int microBatch;
    private Truncation truncation = Truncation.NONE;

    /** @param representations each example's gate input, or null when the adapters are ungated */
    LlaraLoss(LlmRecommender model, List<Example> examples, float[][] representations, float[][] itemEmbeddings,
              LlaraTraining training) {
        this.model = model;
        this.examples = examples;
        this.representations = representations;
        this.itemEmbeddings = itemEmbeddings;
        this.training = training;
    }

    @Override
    public void startStep(long step, long totalSteps) {
        this.step = step;
        this.hybrid = hybrid(training.train().seed(), step, totalSteps);
        this.microBatch = 0;
    }

    /** The curriculum's coin for {@code step}: hybrid with probability step / totalSteps. */
    static boolean hybrid(long seed, long step, long totalSteps) {
        return new Random(Seeds.mix(seed, step, CURRICULUM_STREAM)).nextDouble() < (double) step / totalSteps;
    }

    @Override
    public boolean updates(Parameter parameter) {
        return hybrid || !ItemProjector.owns(parameter);
    }

    @Override
    public NDArray compute(NDManager manager, int[] indexes) {
        int rows = indexes.length;
        int[][] sequences = new int[rows][];
        int[] promptLengths = new int[rows];
        int[][] targets = new int[rows][];
        List<LlaraPrompt> prompts = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Example example = examples.get(indexes[r]);
            int[] candidates = candidates(example, step, indexes[r]);
            targets[r] = model.prompts().target(example.target());
            LlaraPrompt prompt = model.prompts().build(example.history(), candidates, hybrid,
                    model.contextLength() - targets[r].length);
            truncation = truncation.plus(prompt.droppedHistory());
            promptLengths[r] = prompt.ids().length;
            sequences[r] = concat(prompt.ids(), targets[r]);
            prompts.add(prompt);
        }
        TokenBatch batch = TokenBatch.leftPadded(sequences);
        PromptConditioning conditioning = new PromptConditioning(prompts, itemEmbeddings,
                hybrid ? model.projector() : null, model.gate(), representations == null ? null : gateRows(indexes));
        Dropout dropout = new Dropout(training.loraDropout(),
                Seeds.mix(training.train().seed(), step, DROPOUT_STREAM - microBatch++));
        NDArray hidden = model.llama().forward(manager, batch, null, conditioning.overrides(manager, batch),
                conditioning.gate(manager), dropout).hidden();
        return targetLoss(manager, hidden, targetCells(batch, promptLengths, targets));
    }

    /** The prompts built so far and how many of them lost history. */
    Truncation truncation() {
        return truncation;
    }

    /** The cells predicting the targets' tokens and those tokens: {@code [0]} flat (row * length + column), {@code [1]} ids. */
    static long[][] targetCells(TokenBatch batch, int[] promptLengths, int[][] targets) {
        int count = Arrays.stream(targets).mapToInt(t -> t.length).sum();
        long[][] cells = new long[2][count];
        int next = 0;
        for (int r = 0; r < targets.length; r++) {
            int first = batch.length() - promptLengths[r] - targets[r].length; // left padding
            for (int j = 0; j < targets[r].length; j++) {
                // The token at prompt + j is predicted by the hidden state one to its left.
                cells[0][next] = (long) r * batch.length() + first + promptLengths[r] + j - 1;
                cells[1][next++] = targets[r][j];
            }
        }
        return cells;
    }

    private NDArray targetLoss(NDManager manager, NDArray hidden, long[][] cells) {
        long width = hidden.getShape().get(2);
        NDArray predictors = hidden.reshape(-1, width).get(new NDIndex("{}", manager.create(cells[0])));
        NDArray logProbs = model.llama().logits(predictors).logSoftmax(-1);
        NDArray picked = logProbs.gather(manager.create(cells[1], new Shape(cells[1].length, 1)), 1);
        return picked.sum().mul(manager.full(new Shape(), -1f / cells[1].length, DataType.FLOAT32));
    }

    /**
     * The candidates of example {@code index} at {@code step}: the target and unseen items, in a
     * random order (the target's place must carry no signal).
     */
    int[] candidates(Example example, long step, int index) {
        Random random = new Random(Seeds.mix(training.train().seed(), step, index));
        Set<Integer> seen = new HashSet<>();
        for (int item : example.history()) {
            seen.add(item);
        }
        int[] drawn = CandidatesProtocol.draw(example.target(), seen, training.candidates(), itemEmbeddings.length,
                random);
        return LlmRecommender.shuffled(drawn, random);
    }

    private float[][] gateRows(int[] indexes) {
        float[][] rows = new float[indexes.length][];
        for (int r = 0; r < indexes.length; r++) {
            rows[r] = representations[indexes[r]];
        }
        return rows;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
