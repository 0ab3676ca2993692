package io.recflow.activities.stage;

import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One attempt of a stage, as lineage sees it: what it read ({@code used}) and what it wrote
 * ({@code generated}). Reads verify the artifact's hash; writes are content-addressed, so a retried
 * attempt that writes the same bytes adds no object and no duplicate edge.
 */
public final class StageStep {

    private final long stepId;
    private final ArtifactStore store;
    private final ArtifactRecords artifactRecords;
    private final StepRecords stepRecords;
    private Long reusedFrom;
    private List<ArtifactRef> reusedArtifacts = List.of();

    StageStep(long stepId, ArtifactStore store, ArtifactRecords artifactRecords, StepRecords stepRecords) {
        this.stepId = stepId;
        this.store = store;
        this.artifactRecords = artifactRecords;
        this.stepRecords = stepRecords;
    }

    /** The step's lineage id. */
    public long id() {
        return stepId;
    }

    /** Records that this step uses {@code ref} without reading its bytes; returns the artifact's lineage id. */
    public long used(ArtifactRef ref) {
        return stepRecords.recordUsed(stepId, ref);
    }

    /**
     * Stores an input that comes from outside the pipeline (e.g. ready-made item codes) as an artifact and
     * records that this step used it, so lineage points at the exact bytes even if the source changes later.
     */
    public ArtifactRef usedInput(String kind, byte[] content, Map<String, ?> metadata) {
        return stored(() -> store.put(kind, content, Map.of()),
                ref -> stepRecords.recordUsed(stepId, artifactRecords.recordArtifact(ref, metadata)));
    }

    /** Records that this step reads {@code ref}, and returns its verified bytes. */
    public byte[] read(ArtifactRef ref) {
        stepRecords.recordUsed(stepId, ref);
        return store.getBytes(ref);
    }

    /** Decodes an artifact this step reads with {@code decoder}. */
    public <T> T read(ArtifactRef ref, Decoder<T> decoder) {
        stepRecords.recordUsed(stepId, ref);
        try (InputStream in = store.open(ref)) {
            return decoder.decode(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code content} as an artifact this step generated. */
    public ArtifactRef write(String kind, byte[] content, Map<String, ?> metadata) {
        return stored(() -> store.put(kind, content, Map.of()), ref -> stepRecords.recordGenerated(stepId, ref, metadata));
    }

    /** Stores what {@code content} writes as an artifact this step generated, never whole in memory. */
    public ArtifactRef write(String kind, ArtifactStore.Content content, Map<String, ?> metadata) {
        return stored(() -> store.put(kind, content, Map.of()), ref -> stepRecords.recordGenerated(stepId, ref, metadata));
    }

    /**
     * Stores with {@code put}, records the artifact with {@code record}, and stores again if its object is gone by
     * then. The store skips content it already holds; an artifact collection that deleted that object after the
     * store looked and before this step recorded it (which keeps it from now on) would leave lineage naming an
     * object that is not there.
     */
    private ArtifactRef stored(Supplier<ArtifactRef> put, Consumer<ArtifactRef> record) {
        ArtifactRef ref = put.get();
        record.accept(ref);
        return store.exists(ref) ? ref : put.get();
    }

    /** Marks this step as reusing the result of step {@code fromStepId}, whose outputs are {@code artifacts}. */
    void reuse(long fromStepId, List<ArtifactRef> artifacts) {
        reusedFrom = fromStepId;
        reusedArtifacts = List.copyOf(artifacts);
    }

    /** The step whose result this one reuses, or null when it computes its own. */
    Long reusedFrom() {
        return reusedFrom;
    }

    List<ArtifactRef> reusedArtifacts() {
        return reusedArtifacts;
    }

    /** Encodes a value to bytes (models and codecs write to streams). */
    public static byte[] bytes(ArtifactStore.Content content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads a stream completely into a value; the stream's hash is checked at its end. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(InputStream in) throws IOException;
    }
}
