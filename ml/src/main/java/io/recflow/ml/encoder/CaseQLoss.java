package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.train.TrainingLoop;

import java.util.Random;

/**
 * CaseQ's objective: the next-item loss plus klWeight x KL(q(c|S) || p(c)), the variational
 * backdoor adjustment. Following the official training step (main.py, model.kl_loss): the KL is
 * averaged over every position that has a target, and the prior p(c) is re-estimated at every step
 * from fresh pseudo-sequences of uniformly random items, with gradients flowing through both the
 * posterior and the prior. The next-item term is the full softmax cross-entropy SASRec trains with
 * here (the official code samples one negative per position).
 *
 * <p>Pseudo-sequences come from a generator seeded by the config, so a run is reproducible; the
 * training loop calls {@link #compute} once per step, in order.
 */
final class CaseQLoss implements TrainingLoop.BatchLoss {

    private final CaseQNetwork network;
    private final TrainingWindows windows;
    private final CaseQConfig config;
    private final Random pseudoItems;

    CaseQLoss(CaseQNetwork network, TrainingWindows windows, CaseQConfig config) {
        this.network = network;
        this.windows = windows;
        this.config = config;
        // A stream apart from the weights' (also drawn from the seed), so the two are not the same numbers.
        this.pseudoItems = new Random(~config.seed());
    }

    @Override
    public NDArray compute(NDManager manager, int[] indexes) {
        TrainingWindows.Batch batch = windows.batch(manager, indexes);
        CaseQNetwork.Pass pass = network.forward(batch.inputIds());
        NDArray nextItem = NextItemLoss.of(network, pass.hidden(), batch);
        if (config.klWeight() == 0) {
            return nextItem;
        }
        NDArray logPrior = ContextTree.logPrior(network.forward(pseudoSequences(manager)).gateLogProbabilities());
        NDArray divergence = ContextTree.divergence(ContextTree.logPosterior(pass.gateLogProbabilities()), logPrior);
        float weightPerPosition = (float) config.klWeight() / batch.counted();
        return nextItem.add(divergence.mul(batch.weights()).sum()
                .mul(manager.full(new Shape(), weightPerPosition, DataType.FLOAT32)));
    }

    /** Input ids (N, T) of random items, every slot filled (the official kl_forward's pseudo-sequences). */
    private NDArray pseudoSequences(NDManager manager) {
        int length = config.maxLength();
        long[] ids = new long[config.pseudoSequences() * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = pseudoItems.nextInt(network.embedding().itemCount()) + 1L;
        }
        return manager.create(ids, new Shape(config.pseudoSequences(), length));
    }
}
