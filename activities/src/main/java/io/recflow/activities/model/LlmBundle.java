package io.recflow.activities.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.workflows.ArtifactRef;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fine-tuned foundation model as one artifact: its manifest, what fine-tuning trained (adapters, projector,
 * gate — a few MB) and a reference to the {@code foundation-model} artifact it was trained on (URI and
 * sha256), never the base's weights, which are stored once. The sequence encoder is the manifest's
 * {@code encoder} artifact.
 */
public record LlmBundle(ModelManifest manifest, ArtifactRef foundationModel, byte[] trained) {

    private static final String MANIFEST = "manifest.json";
    private static final String FOUNDATION_MODEL = "foundation-model.json";
    private static final String TRAINED = "trained.bin";
    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] write() {
        LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MANIFEST, ModelManifest.toJson(manifest));
        try {
            entries.put(FOUNDATION_MODEL, JSON.writeValueAsBytes(foundationModel));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        entries.put(TRAINED, trained);
        return TimestampFreeZip.write(entries);
    }

    public static LlmBundle read(InputStream in) throws IOException {
        return of(TimestampFreeZip.read(in));
    }

    static LlmBundle of(Map<String, byte[]> entries) throws IOException {
        TimestampFreeZip.require(entries, MANIFEST, FOUNDATION_MODEL, TRAINED);
        return new LlmBundle(ModelManifest.fromJson(entries.get(MANIFEST), ModelManifest.LANGUAGE_MODEL_FORMAT),
                JSON.readValue(entries.get(FOUNDATION_MODEL), ArtifactRef.class), entries.get(TRAINED));
    }

    /** Whether a model artifact's {@code entries} are a fine-tuned foundation model rather than a tiny generative one. */
    static boolean isOne(Map<String, byte[]> entries) {
        return entries.containsKey(FOUNDATION_MODEL);
    }

    public InputStream trainedStream() {
        return new ByteArrayInputStream(trained);
    }
}
