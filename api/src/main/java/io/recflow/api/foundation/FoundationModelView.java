package io.recflow.api.foundation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recflow.activities.foundation.FoundationModelEntity;
import io.recflow.activities.lineage.ArtifactEntity;

import java.time.Instant;
import java.util.Map;

/**
 * A foundation model as the API shows it. {@code status} is {@code IMPORTED} (the artifact fields are
 * set), {@code IMPORTING} or {@code FAILED} (then {@code message} says why); {@code workflowId} names the
 * import's Temporal workflow while it runs or after it failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FoundationModelView(String name, String status, String workflowId, String message, Long artifactId,
                                  String uri, String sha256, Long sizeBytes, Long parameters, String architecture,
                                  String source, String version, String licence, String ggufSha256,
                                  Instant importedAt) {

    public static final String IMPORTED = "IMPORTED";
    public static final String IMPORTING = "IMPORTING";
    public static final String FAILED = "FAILED";

    static FoundationModelView imported(FoundationModelEntity model, ArtifactEntity artifact) {
        Map<String, Object> m = artifact.getMetadata();
        return new FoundationModelView(model.getName(), IMPORTED, null, null, artifact.getId(), artifact.getUri(),
                artifact.getSha256(), artifact.getSize(), number(m.get("parameters")), text(m.get("architecture")),
                text(m.get("source")), text(m.get("version")), text(m.get("licence")), model.getGgufSha256(),
                model.getImportedAt());
    }

    static FoundationModelView pending(String name, ImportState state) {
        return new FoundationModelView(name, state.status(), state.workflowId(), state.message(), null, null, null,
                null, null, null, null, null, null, null, null);
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
