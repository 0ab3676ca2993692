package io.recflow.api.pipelines;

import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.ArtifactRef;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Model bundles read back from the artifact store, for tests that compare what runs trained. */
final class StoredModels {

    private StoredModels() {
    }

    /** The pre-trained base stored in the bundle {@code model}, without loading a model. */
    static byte[] baseOf(ArtifactStore store, ArtifactRef model) {
        try (InputStream in = store.open(model)) {
            return ModelBundle.readBase(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
