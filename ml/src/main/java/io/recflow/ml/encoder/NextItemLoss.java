package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Next-item prediction at every position of a window: full softmax cross-entropy over the
 * catalogue (log-softmax, pick the target, mean over the slots that have one). Written by hand
 * because DJL's weighted loss uses the scalar overloads that corrupt memory (ml/README.md, "DJL traps").
 */
final class NextItemLoss {

    private NextItemLoss() {
    }

    /** The mean loss of {@code batch} given the network's hidden states (B, T, d) for its inputs. */
    static NDArray of(EncoderNetwork network, NDArray hidden, TrainingWindows.Batch batch) {
        NDArray logProbabilities = network.embedding().logits(hidden).logSoftmax(-1);
        NDArray picked = logProbabilities.gather(batch.targets(), 2).reshape(batch.weights().getShape());
        NDArray negativeInverseCount = hidden.getManager().full(new Shape(), -1f / batch.counted(), DataType.FLOAT32);
        return picked.mul(batch.weights()).sum().mul(negativeInverseCount);
    }
}
