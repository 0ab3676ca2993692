package io.recflow.activities.model;

import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.recommend.Recommender;

import ai.djl.Device;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained model as one artifact: a zip of its manifest, the frozen sequence encoder that gates
 * the adapter, the pre-trained base backbone (so a later run can fine-tune it again) and the
 * fine-tuned model. Entries carry no timestamps, so the same model always has the same bytes and so
 * the same content address. Holds native memory once loaded: close it.
 */
public final class ModelBundle implements AutoCloseable {

    private static final String MANIFEST = "manifest.json";
    private static final String ENCODER = "encoder.bin";
    private static final String BASE = "base.bin";
    private static final String MODEL = "model.bin";

    private final ModelManifest manifest;
    private final SequenceEncoder encoder;
    private final GenerativeModel model;
    private final byte[] baseBytes;

    private ModelBundle(ModelManifest manifest, SequenceEncoder encoder, GenerativeModel model, byte[] baseBytes) {
        this.manifest = manifest;
        this.encoder = encoder;
        this.model = model;
        this.baseBytes = baseBytes;
    }

    public static byte[] write(ModelManifest manifest, byte[] encoder, byte[] base, byte[] model) {
        LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(MANIFEST, ModelManifest.toJson(manifest));
        entries.put(ENCODER, encoder);
        entries.put(BASE, base);
        entries.put(MODEL, model);
        return TimestampFreeZip.write(entries);
    }

    /** Loads the encoder and the fine-tuned model onto {@code device}. */
    public static ModelBundle read(InputStream in, Device device) throws IOException {
        return of(TimestampFreeZip.read(in), device);
    }

    static ModelBundle of(Map<String, byte[]> stored, Device device) throws IOException {
        Map<String, byte[]> entries = TimestampFreeZip.require(stored, MANIFEST, ENCODER, BASE, MODEL);
        ModelManifest manifest = ModelManifest.fromJson(entries.get(MANIFEST), ModelManifest.FORMAT);
        SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(entries.get(ENCODER)));
        try {
            GenerativeModel model = GenerativeModel.load(new ByteArrayInputStream(entries.get(MODEL)), device);
            return new ModelBundle(manifest, encoder, model, entries.get(BASE));
        } catch (IOException | RuntimeException e) {
            encoder.close();  // its native arrays; a champion that cannot be loaded is looked up again and again
            throw e;
        }
    }

    /**
     * Only the stored pre-trained base, without loading any model: what a later training fine-tunes again.
     * Reads the whole stream, so an artifact store that verifies the hash at the stream's end still does.
     */
    public static byte[] readBase(InputStream in) throws IOException {
        return TimestampFreeZip.require(TimestampFreeZip.read(in), MANIFEST, ENCODER, BASE, MODEL).get(BASE);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public SequenceEncoder encoder() {
        return encoder;
    }

    public GenerativeModel model() {
        return model;
    }

    /** The pre-trained backbone before fine-tuning, loaded fresh (the caller closes it). */
    public GenerativeModel loadBase(Device device) throws IOException {
        return GenerativeModel.load(new ByteArrayInputStream(baseBytes), device);
    }

    /** The fine-tuned model as a recommender, its gate fed by the bundled encoder. */
    public Recommender recommender(int beam) {
        return model.recommender(encoder::represent, beam);
    }

    /** As {@link #recommender}, its rankings leaving out the history's items (what serving answers). */
    public Recommender servingRecommender(int beam) {
        return model.recommender(encoder::represent, beam).leavingOutHistory();
    }

    @Override
    public void close() {
        model.close();
        encoder.close();
    }
}
