package io.recflow.activities.model;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TrainingSpec;

import java.util.List;
import java.util.Map;

/**
 * What a model artifact says about itself: where its data, tokenizer and encoder came from, how it was
 * trained (spec and seed), its training numbers and loss curves (one mean per epoch, per phase).
 */
public record ModelManifest(int format, ArtifactRef dataset, ArtifactRef encoder, ArtifactRef tokenizer,
                            String baseModel, TrainingSpec training, long seed, String device,
                            Map<String, Double> metrics, Map<String, List<Double>> lossCurves) {

    /** 2: the encoder is a typed {@code SequenceEncoder} stream (SASRec or CaseQ). */
    public static final int FORMAT = 2;
}
