package io.recflow.activities.model;

import ai.djl.Device;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A stored model artifact, unzipped once: either a tiny generative {@link ModelBundle} or a fine-tuned
 * foundation model's {@link LlmBundle}. What takes either kind (evaluation, the champion, serving) asks
 * which it is here and loads it from the same entries.
 */
public final class ModelArtifact {

    private final Map<String, byte[]> entries;

    private ModelArtifact(Map<String, byte[]> entries) {
        this.entries = entries;
    }

    public static ModelArtifact read(InputStream in) throws IOException {
        return new ModelArtifact(TimestampFreeZip.read(in));
    }

    public boolean isLanguageModel() {
        return LlmBundle.isOne(entries);
    }

    public LlmBundle languageModel() throws IOException {
        return LlmBundle.of(entries);
    }

    /** Loads the generative bundle onto {@code device}; the caller closes it. */
    public ModelBundle generative(Device device) throws IOException {
        return ModelBundle.of(entries, device);
    }
}
