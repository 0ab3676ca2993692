package io.recflow.activities.finetune;

import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BaseSourceTest {

    private static final ArtifactRef CANDIDATE = ref("candidate", ArtifactKind.MODEL);
    private static final ArtifactRef STORED_BASE = ref("base", ArtifactKind.CHECKPOINT);

    @Test
    void aComparisonUsesTheOtherBundlesBaseWhateverElseIsGiven() {
        assertEquals(BaseSource.OTHER_BUNDLE, BaseSource.of(request("demo:3", CANDIDATE), STORED_BASE));
    }

    @Test
    void aRegisteredBaseComesBeforeAnythingAnEarlierAttemptStored() {
        assertEquals(BaseSource.REGISTERED, BaseSource.of(request("demo:3", null), STORED_BASE));
    }

    @Test
    void anEarlierAttemptsPreTrainedBaseIsNotTrainedAgain() {
        assertEquals(BaseSource.RESUMED_PRETRAINING, BaseSource.of(request(null, null), STORED_BASE));
    }

    @Test
    void withoutAnyBaseTheBackboneIsPreTrained() {
        assertEquals(BaseSource.PRETRAIN_NOW, BaseSource.of(request(null, null), null));
    }

    private static FineTuneRequest request(String baseModel, ArtifactRef reuseBaseOf) {
        TrainingSpec spec = TrainingSpec.builder().baseModel(baseModel).build();
        return new FineTuneRequest(null, null, null, null, spec, 1, reuseBaseOf);
    }

    private static ArtifactRef ref(String name, String kind) {
        return new ArtifactRef("s3://artifacts/" + name, "0".repeat(64), 1, kind);
    }
}
