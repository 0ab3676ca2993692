package io.recflow.activities.finetune;

import io.recflow.ml.train.TrainingState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the training phases measured: each phase's final loss, steps and per-epoch loss curve
 * (deterministic: they go into the model's bytes), and this attempt's throughput (not deterministic:
 * reported beside the model only). The pre-training numbers travel with the stored base (as its lineage
 * metadata), so an attempt that resumes after pre-training reports the same as one that did not.
 */
final class TrainingMeasurements {

    private final Workload workload;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, List<Double>> curves = new LinkedHashMap<>();
    private final Map<String, Double> speed = new LinkedHashMap<>();

    TrainingMeasurements(Workload workload) {
        this.workload = workload;
    }

    /** Runs {@code training}, which continues from {@code resumedFrom} (null: from the start), as {@code phase}. */
    TrainingState measure(String phase, TrainingState resumedFrom, Supplier<TrainingState> training) {
        long started = System.nanoTime();
        TrainingState done = training.get();
        record(phase, done, resumedFrom, (System.nanoTime() - started) / 1e9);
        return done;
    }

    /** Throughput counts only the steps this attempt took, not those of the attempt it resumed. */
    void record(String phase, TrainingState state, TrainingState resumedFrom, double seconds) {
        long steps = state.step() - (resumedFrom == null ? 0 : resumedFrom.step());
        metrics.put(phase + "Loss", state.recentLoss(state.stepsPerEpoch()));
        metrics.put(phase + "Steps", (double) state.step());
        double samplesPerSecond = steps * workload.batchSize() / Math.max(seconds, 1e-9);
        speed.put(phase + "SamplesPerSecond", samplesPerSecond);
        speed.put(phase + "TokensPerSecond", samplesPerSecond * workload.tokensPerSample());
        curves.put(phase, epochMeans(state));
    }

    void metric(String name, double value) {
        metrics.put(name, value);
    }

    /** The numbers that go into the model's manifest. */
    Map<String, Double> metrics() {
        return metrics;
    }

    Map<String, List<Double>> curves() {
        return curves;
    }

    /** The numbers reported with the stage's result: the manifest's and the throughput. */
    Map<String, Double> reported() {
        Map<String, Double> reported = new LinkedHashMap<>(metrics);
        reported.putAll(speed);
        return reported;
    }

    /** Pre-training's numbers, as the lineage metadata of the stored base. */
    Map<String, Object> pretraining() {
        return Map.of("phase", "pretrained-base", "pretrainLoss", metrics.get("pretrainLoss"),
                "pretrainSteps", metrics.get("pretrainSteps"), "curve", curves.get("pretrain"));
    }

    /** Takes pre-training's numbers back from the stored base's lineage metadata (see {@link #pretraining()}). */
    void restorePretraining(Map<String, Object> metadata) {
        metrics.put("pretrainLoss", ((Number) metadata.get("pretrainLoss")).doubleValue());
        metrics.put("pretrainSteps", ((Number) metadata.get("pretrainSteps")).doubleValue());
        curves.put("pretrain", ((List<?>) metadata.get("curve")).stream()
                .map(v -> ((Number) v).doubleValue()).toList());
    }

    private static List<Double> epochMeans(TrainingState state) {
        float[] losses = state.losses();
        int perEpoch = state.stepsPerEpoch();
        int epochs = perEpoch == 0 ? 0 : (int) (state.totalSteps() / perEpoch);
        List<Double> curve = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int i = e * perEpoch; i < (e + 1) * perEpoch; i++) {
                sum += losses[i];
            }
            curve.add(sum / perEpoch);
        }
        return curve;
    }
}
