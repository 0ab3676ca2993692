package io.recflow.ml.llara;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.TrainingLoop;

/**
 * LLaRA's loss without its curriculum, for the probes: every step reads the hybrid prompt. The loss is
 * told it is at step s + 1 of s + 1, whose coin always says hybrid; candidates and dropout are still
 * drawn afresh per step.
 */
final class AlwaysHybrid implements TrainingLoop.BatchLoss {

    private final LlaraLoss loss;

    AlwaysHybrid(LlaraLoss loss) {
        this.loss = loss;
    }

    @Override
    public NDArray compute(NDManager manager, int[] exampleIndexes) {
        return loss.compute(manager, exampleIndexes);
    }

    @Override
    public void startStep(long step, long totalSteps) {
        loss.startStep(step + 1, step + 1);
    }

    @Override
    public boolean updates(Parameter parameter) {
        return loss.updates(parameter);
    }
}
