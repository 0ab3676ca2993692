package io.recflow.activities.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TrainingSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** A fine-tuned foundation model ({@link LlmBundle}): what was trained, and a reference to the base. */
    public static final int LANGUAGE_MODEL_FORMAT = 3;

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static byte[] toJson(ModelManifest manifest) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest, refused unless it has the format its bundle reads. */
    static ModelManifest fromJson(byte[] json, int expectedFormat) throws IOException {
        ModelManifest manifest = JSON.readValue(json, ModelManifest.class);
        if (manifest.format() != expectedFormat) {
            throw new IOException("model format " + manifest.format() + " is not supported (expected "
                    + expectedFormat + ")");
        }
        return manifest;
    }
}
