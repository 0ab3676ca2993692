package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.lora.ExpertGate;
import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.TrainingLoop;

import java.util.List;

/**
 * Mean next-token cross-entropy of a batch of (history, target) examples, each prediction scored
 * against its own level's codes. Either only the target item's K tokens are predicted, or every real
 * item's tokens in the window are (each from the tokens before it).
 */
final class NextTokenLoss implements TrainingLoop.BatchLoss {

    private final Backbone backbone;
    private final TokenLayout layout;
    private final ItemCodes codes;
    private final ExpertGate gate;
    private final List<Example> examples;
    private final float[][] gateInputs;
    private final boolean allPositions;
    private final BackboneDropout dropout;
    private long step;
    private int pass;

    /**
     * @param gate       the adapter's gate, or null when the backbone has no gated adapter
     * @param gateInputs each example's gate representation (by example index), or null without a gate
     * @param dropout    the training passes' dropout, or {@link BackboneDropout#NONE} (e.g. for a validation loss)
     */
    NextTokenLoss(Backbone backbone, TokenLayout layout, ItemCodes codes, ExpertGate gate, List<Example> examples,
                  float[][] gateInputs, boolean allPositions, BackboneDropout dropout) {
        this.backbone = backbone;
        this.layout = layout;
        this.codes = codes;
        this.gate = gate;
        this.examples = examples;
        this.gateInputs = gateInputs;
        this.allPositions = allPositions;
        this.dropout = dropout;
    }

    @Override
    public void startStep(long step, long totalSteps) {
        this.step = step;
        this.pass = 0;
    }

    @Override
    public NDArray compute(NDManager manager, int[] indexes) {
        int rows = indexes.length;
        int[][] histories = new int[rows][];
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) {
            Example e = examples.get(indexes[r]);
            histories[r] = e.history();
            targets[r] = e.target();
        }
        TokenLayout.Batch batch = layout.examples(histories, targets);
        int length = batch.length();
        int levels = layout.levels();
        NDArray x = backbone.embed(manager.create(batch.tokens(), new Shape(rows, length)),
                manager.create(batch.levels(), new Shape(rows, length)),
                manager.create(batch.positions(), new Shape(rows, length)));
        NDArray selfBias = manager.create(AttentionMasks.causal(length), new Shape(length, length))
                .add(manager.create(batch.keyBias(), new Shape(rows, 1, 1, 1, length)));
        NDArray rowGate = gate == null ? null : gate.mixture(manager.create(gateRows(indexes)));
        NDArray hidden = backbone.run(x, selfBias, rowGate, dropout.forPass(step, pass++));

        // Token j predicts level j mod K of slot j / K; the last token predicts nothing.
        int firstSlot = allPositions ? 0 : layout.historyLength();
        int slots = layout.historyLength() + 1 - firstSlot;
        NDArray predicting = hidden.get(new NDIndex(":, {}:{}", firstSlot * levels, length - 1))
                .reshape(rows, slots, levels, hidden.getShape().get(2));
        long[][] targetCodes = new long[levels][rows * slots];
        float[] weights = new float[rows * slots];
        int counted = 0;
        for (int r = 0; r < rows; r++) {
            for (int s = 0; s < slots; s++) {
                int slot = firstSlot + s;
                if (slot < batch.firstRealSlot()[r]) {
                    continue; // padding: weight 0, code 0
                }
                weights[r * slots + s] = 1;
                counted++;
                int item = slot == layout.historyLength() ? targets[r]
                        : histories[r][histories[r].length - (layout.historyLength() - slot)];
                for (int l = 0; l < levels; l++) {
                    targetCodes[l][r * slots + s] = codes.codes()[item][l];
                }
            }
        }
        NDArray weight = manager.create(weights, new Shape(rows, slots, 1));
        NDArray logLikelihood = null;
        for (int l = 0; l < levels; l++) {
            NDArray logProbs = backbone.levelLogits(predicting.get(new NDIndex(":, :, {}, :", l)), l).logSoftmax(-1);
            NDArray picked = logProbs.gather(manager.create(targetCodes[l], new Shape(rows, slots, 1)), -1);
            NDArray sum = picked.mul(weight).sum();
            logLikelihood = logLikelihood == null ? sum : logLikelihood.add(sum);
        }
        NDArray perToken = manager.full(new Shape(), -1f / (counted * levels), DataType.FLOAT32);
        return logLikelihood.mul(perToken);
    }

    private float[][] gateRows(int[] indexes) {
        float[][] rows = new float[indexes.length][];
        for (int r = 0; r < indexes.length; r++) {
            rows[r] = gateInputs[indexes[r]];
        }
        return rows;
    }
}
