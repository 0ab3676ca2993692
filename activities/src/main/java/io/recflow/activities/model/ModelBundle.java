package io.recflow.activities.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.recommend.Recommender;

import ai.djl.Device;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trained model as one artifact: a zip of its manifest, the frozen sequence encoder that gates
 * the adapter, the pre-trained base backbone (so a later run can fine-tune it again) and the
 * fine-tuned model. Entries carry no timestamps, so the same model always has the same bytes and so
 * the same content address. Holds native memory once loaded: close it.
 */
public final class ModelBundle implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            entry(zip, ENCODER, encoder);
            entry(zip, BASE, base);
            entry(zip, MODEL, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** Loads the encoder and the fine-tuned model onto {@code device}. */
    public static ModelBundle read(InputStream in, Device device) throws IOException {
        Map<String, byte[]> entries = entries(in);
        ModelManifest manifest = JSON.readValue(entries.get(MANIFEST), ModelManifest.class);
        if (manifest.format() != ModelManifest.FORMAT) {
            throw new IOException("model format " + manifest.format() + " is not supported (expected "
                    + ModelManifest.FORMAT + ")");
        }
        SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(entries.get(ENCODER)));
        GenerativeModel model = GenerativeModel.load(new ByteArrayInputStream(entries.get(MODEL)), device);
        return new ModelBundle(manifest, encoder, model, entries.get(BASE));
    }

    /**
     * Only the stored pre-trained base, without loading any model: what a later training fine-tunes again.
     * Reads the whole stream, so an artifact store that verifies the hash at the stream's end still does.
     */
    public static byte[] readBase(InputStream in) throws IOException {
        return entries(in).get(BASE);
    }

    private static Map<String, byte[]> entries(InputStream in) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        for (String name : new String[]{MANIFEST, ENCODER, BASE, MODEL}) {
            if (!entries.containsKey(name)) {
                throw new IOException("not a recflow model: the bundle has no " + name);
            }
        }
        return entries;
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

    @Override
    public void close() {
        model.close();
        encoder.close();
    }
}
