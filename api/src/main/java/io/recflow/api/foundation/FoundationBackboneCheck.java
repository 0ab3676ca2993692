package io.recflow.api.foundation;

import io.recflow.activities.foundation.FoundationModelEntity;
import io.recflow.activities.foundation.FoundationModelRegistry;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.spec.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Refuses a spec whose {@code training.backbone} names no imported foundation model, before a run starts:
 * the spec record only knows the name's shape, the registry knows what was imported.
 */
@ApplicationScoped
public class FoundationBackboneCheck {

    @Inject
    FoundationModelRegistry registry;

    public void requireImported(PipelineSpec spec) {
        TrainingSpec training = spec.training();
        if (training.isLanguageModel() && registry.find(training.backbone()).isEmpty()) {
            throw ProblemException.badRequest("training.backbone names no imported foundation model",
                    List.of("training.backbone: '" + training.backbone() + "' is not imported; import it with POST"
                            + " /api/v1/foundation-models, or use one of " + imported()));
        }
    }

    private List<String> imported() {
        return registry.list().stream().map(FoundationModelEntity::getName).toList();
    }
}
