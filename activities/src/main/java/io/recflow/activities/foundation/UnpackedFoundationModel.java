package io.recflow.activities.foundation;

import io.recflow.workflows.ArtifactRef;

import java.nio.file.Path;

/** A foundation model's imported directory, unpacked from {@code artifact}; closing deletes it. */
public record UnpackedFoundationModel(ArtifactRef artifact, Path directory, WorkFolder folder) implements AutoCloseable {

    /** How the trained state names its base: the artifact's content address. */
    public String reference() {
        return artifact.uri() + "#sha256=" + artifact.sha256();
    }

    @Override
    public void close() {
        folder.close();
    }
}
