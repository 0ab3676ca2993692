package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link SasRecNetwork} with next-item prediction at every position: full softmax cross
 * entropy over the catalogue (log-softmax, pick the target, mean over non-padding slots), written by
 * hand because DJL's weighted loss uses the scalar overloads that corrupt memory (DESIGN §7).
 * Window order is shuffled per epoch from {@code seed} and the epoch, so a seed fixes the run.
 */
final class SasRecTrainer {

    static final String PHASE = "sasrec";

    private SasRecTrainer() {
    }

    /** Trains in place; the optimiser's moments live only as long as the training. */
    static void train(SasRecNetwork network, Parameters parameters, NDManager manager, TrainingWindows windows,
            SasRecConfig config, ProgressListener listener) {
        try (NDManager optimiserState = manager.newSubManager()) {
            run(network, new Adam(parameters.all().values(), config.learningRate(), optimiserState), manager, windows,
                    config, listener);
        }
    }

    private static void run(SasRecNetwork network, Adam adam, NDManager manager, TrainingWindows windows,
            SasRecConfig config, ProgressListener listener) {
        int batches = (windows.size() + config.batchSize() - 1) / config.batchSize();
        long totalSteps = (long) batches * config.epochs();
        long step = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            List<Integer> order = new ArrayList<>(windows.size());
            for (int w = 0; w < windows.size(); w++) {
                order.add(w);
            }
            Collections.shuffle(order, new Random(config.seed() * 1_000_003L + epoch));
            for (int b = 0; b < batches; b++) {
                List<Integer> batch = order.subList(b * config.batchSize(),
                        Math.min(order.size(), (b + 1) * config.batchSize()));
                double loss = step(network, adam, manager, windows, batch, config.maxLength());
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("SASRec loss became " + loss + " at epoch " + epoch + ", step "
                            + (step + 1) + "; try a lower learning rate");
                }
                listener.onProgress(PHASE, epoch, config.epochs(), ++step, totalSteps, loss);
            }
        }
    }

    /** One forward/backward/update; every array it creates (inputs included) lives until the update is done. */
    private static double step(SasRecNetwork network, Adam adam, NDManager manager, TrainingWindows windows,
            List<Integer> batch, int length) {
        try (NDScope scope = new NDScope(); NDManager scratch = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            long[] inputs = new long[batch.size() * length];
            long[] targets = new long[inputs.length];
            float[] weights = new float[inputs.length];
            for (int row = 0; row < batch.size(); row++) {
                int window = batch.get(row);
                System.arraycopy(windows.inputs[window], 0, inputs, row * length, length);
                for (int t = 0; t < length; t++) {
                    int target = windows.targets[window][t];
                    // Padding slots gather item 0's log-probability and weigh it 0.
                    targets[row * length + t] = Math.max(target, 0);
                    weights[row * length + t] = target == TrainingWindows.NO_TARGET ? 0f : 1f;
                }
            }
            float counted = 0;
            for (float w : weights) {
                counted += w;
            }
            Shape shape = new Shape(batch.size(), length);
            NDArray inputIds = scratch.create(inputs, shape);
            NDArray targetIds = scratch.create(targets, new Shape(batch.size(), length, 1));
            NDArray mask = scratch.create(weights, shape);
            NDArray negativeInverseCount = scratch.full(new Shape(), -1f / counted, DataType.FLOAT32);
            NDArray loss;
            try (Autograd.Scope ignored = Autograd.recording()) {
                NDArray logProbabilities = network.logits(network.hidden(inputIds)).logSoftmax(-1);
                loss = logProbabilities.gather(targetIds, 2).reshape(shape).mul(mask).sum().mul(negativeInverseCount);
                Autograd.backward(loss);
            }
            adam.step(scratch);
            return loss.getFloat();
        }
    }
}
