package io.recflow.activities.lineage;

import java.util.List;

/** A step with the artifacts it used and generated. */
public record StepArtifacts(StepEntity step, List<ArtifactEntity> used, List<ArtifactEntity> generated) {
}
