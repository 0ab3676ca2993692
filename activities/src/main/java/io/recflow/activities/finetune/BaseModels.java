package io.recflow.activities.finetune;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds the pre-trained backbone of a registered model version ({@code name:version}) to fine-tune again. */
@ApplicationScoped
public class BaseModels {

    @Inject
    ModelRegistry registry;
    @Inject
    ArtifactRecords artifactRecords;

    /** The stored base backbone of {@code nameAndVersion}; recorded as used by {@code step}. */
    public byte[] baseOf(String nameAndVersion, StageStep step) {
        int colon = nameAndVersion.lastIndexOf(':');
        String name = nameAndVersion.substring(0, colon);
        int version = Integer.parseInt(nameAndVersion.substring(colon + 1));
        ModelVersionEntity registered = registry.version(name, version).orElseThrow(() -> new BadInputException(
                null, 0, "training.baseModel", "model version " + nameAndVersion + " is not registered"));
        ArtifactRef ref = artifactRecords.artifact(registered.getArtifactId()).map(ArtifactEntity::toRef).orElseThrow();
        return step.read(ref, ModelBundle::readBase);
    }
}
