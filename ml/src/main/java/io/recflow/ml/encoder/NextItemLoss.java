package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Next-item prediction at every position of a window that has a target: full softmax cross-entropy over
 * the catalogue (log-softmax, pick the target, mean over those slots). Only those slots are scored: most
 * of a window is padding when sequences are shorter than it (an Amazon data set's users have a median of
 * about 8 events, windows hold 50), and the (slots × catalogue) logits are most of a training step's
 * time and memory. Written by hand because DJL's weighted loss uses the scalar overloads that corrupt
 * memory (ml/README.md, "DJL traps").
 */
final class NextItemLoss {

    private NextItemLoss() {
    }

    /** The mean loss of {@code batch} given the network's hidden states (B, T, d) for its inputs. */
    static NDArray of(EncoderNetwork network, NDArray hidden, TrainingWindows.Batch batch) {
        long width = hidden.getShape().get(2);
        NDArray withTarget = hidden.reshape(-1, width).get(new NDIndex("{}", batch.slots()));
        NDArray logProbabilities = network.embedding().logits(withTarget).logSoftmax(-1);
        NDArray picked = logProbabilities.gather(batch.slotTargets(), 1);
        NDArray negativeInverseCount = hidden.getManager().full(new Shape(), -1f / batch.counted(), DataType.FLOAT32);
        return picked.sum().mul(negativeInverseCount);
    }
}
