package io.recflow.activities.datasets;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The {@code split} artifact: deterministic gzip'd JSON, one user per line.
 * <pre>
 * {"schema":"recflow.split","version":2,"strategy":"leave-one-out","seed":42,"datasetSha256":"..",
 *  "counts":{"users":..,"trainUsers":..,"trainInteractions":..,"validTargets":..,"testTargets":..,
 *            "idTargets":..,"oodTargets":..},
 *  "entries":[{"user":"1","train":17,"valid":17,"test":18}, ..]}
 * </pre>
 * Version 2 added the temporal-gap split: a top-level {@code "lapse"} and per entry {@code "id"} /
 * {@code "ood"} target positions, each written only when the split has it (absent = none), and the
 * counts {@code idTargets} / {@code oodTargets}. Version 1 manifests (none of these) still read.
 */
public final class SplitManifestCodec {

    public static final String SCHEMA = "recflow.split";
    public static final int VERSION = 2;
    /** The oldest version {@link #read} accepts. */
    public static final int OLDEST_READABLE_VERSION = 1;

    private SplitManifestCodec() {
    }

    public static byte[] encode(SplitManifest manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(manifest, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes the manifest to {@code out} (finished, not closed). */
    public static void write(SplitManifest m, OutputStream out) throws IOException {
        DeterministicGzip gz = new DeterministicGzip(out);
        try (JsonGenerator g = DatasetCodec.MAPPER.getFactory().createGenerator(gz, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeNumberField("version", VERSION);
            g.writeStringField("strategy", m.strategy());
            g.writeNumberField("seed", m.seed());
            g.writeStringField("datasetSha256", m.datasetSha256());
            if (m.lapse() != null) {
                g.writeNumberField("lapse", m.lapse());
            }
            SplitManifest.Counts c = m.counts();
            g.writeObjectFieldStart("counts");
            g.writeNumberField("users", c.users());
            g.writeNumberField("trainUsers", c.trainUsers());
            g.writeNumberField("trainInteractions", c.trainInteractions());
            g.writeNumberField("validTargets", c.validTargets());
            g.writeNumberField("testTargets", c.testTargets());
            g.writeNumberField("idTargets", c.idTargets());
            g.writeNumberField("oodTargets", c.oodTargets());
            g.writeEndObject();
            g.writeArrayFieldStart("entries");
            for (SplitManifest.Entry e : m.entries()) {
                g.writeRaw('\n');
                g.writeStartObject();
                g.writeStringField("user", e.user());
                g.writeNumberField("train", e.trainEnd());
                g.writeNumberField("valid", e.validIndex());
                g.writeNumberField("test", e.testIndex());
                if (e.idIndex() >= 0) {
                    g.writeNumberField("id", e.idIndex());
                }
                if (e.oodIndex() >= 0) {
                    g.writeNumberField("ood", e.oodIndex());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        gz.finish();
    }

    public static SplitManifest decode(byte[] bytes) {
        try {
            return read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code id} / {@code ood} are absent (null) for a user without those targets and in version 1. */
    record EntryDto(String user, int train, int valid, int test, Integer id, Integer ood) {
    }

    record ManifestDto(String schema, int version, String strategy, long seed, String datasetSha256, Integer lapse,
                       SplitManifest.Counts counts, List<EntryDto> entries) {
    }

    public static SplitManifest read(InputStream in) throws IOException {
        ManifestDto dto;
        try {
            dto = DatasetCodec.MAPPER.readValue(new GZIPInputStream(in), ManifestDto.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("not a recflow split manifest: " + e.getOriginalMessage(), e);
        }
        if (!SCHEMA.equals(dto.schema()) || dto.version() < OLDEST_READABLE_VERSION || dto.version() > VERSION) {
            throw new IOException("not a recflow split manifest of version " + OLDEST_READABLE_VERSION + ".." + VERSION
                    + ": schema " + dto.schema() + ", version " + dto.version());
        }
        List<SplitManifest.Entry> entries = new ArrayList<>();
        for (EntryDto e : dto.entries() == null ? List.<EntryDto>of() : dto.entries()) {
            entries.add(new SplitManifest.Entry(e.user(), e.train(), e.valid(), e.test(),
                    e.id() == null ? -1 : e.id(), e.ood() == null ? -1 : e.ood()));
        }
        SplitManifest m = new SplitManifest(dto.strategy(), dto.seed(), dto.datasetSha256(), entries, dto.lapse());
        if (dto.counts() != null && !dto.counts().equals(m.counts())) {
            throw new IOException("inconsistent split manifest: counts " + dto.counts() + " but entries give "
                    + m.counts());
        }
        return m;
    }
}
