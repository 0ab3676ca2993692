package io.recflow.api.lineage;

import io.recflow.activities.lineage.ArtifactEntity;

import java.time.Instant;
import java.util.Map;

/**
 * One artifact as lineage records it: its id (what the lineage graph starts from), where it is, its
 * content's hash, and when garbage collection deleted its object, if it did.
 */
public record ArtifactView(long id, String kind, String uri, String sha256, long size, Instant createdAt,
                           Map<String, Object> metadata, Instant deletedAt) {

    static ArtifactView of(ArtifactEntity a) {
        return new ArtifactView(a.getId(), a.getKind(), a.getUri(), a.getSha256(), a.getSize(), a.getCreatedAt(),
                a.getMetadata(), a.getDeletedAt());
    }
}
