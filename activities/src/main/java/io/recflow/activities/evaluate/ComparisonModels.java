package io.recflow.activities.evaluate;

import ai.djl.Device;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.recommend.Recommender;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.evaluate.EvaluationResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models a run fine-tuned beside the candidate from the same base, seed and examples, with another
 * adapter each: loaded together for one evaluation and closed together (they hold native memory).
 */
final class ComparisonModels implements AutoCloseable {

    private final Map<String, ModelBundle> byAdapter = new LinkedHashMap<>();

    private ComparisonModels() {
    }

    static ComparisonModels read(StageStep step, Map<String, ArtifactRef> byAdapter) {
        ComparisonModels models = new ComparisonModels();
        try {
            byAdapter.forEach((adapter, ref) ->
                    models.byAdapter.put(adapter, step.read(ref, in -> ModelBundle.read(in, Device.cpu()))));
            return models;
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
    }

    /** Each comparison as a recommender, under its report row ({@code +lora}, {@code +full}, ...). */
    Map<String, Recommender> recommenders(int beam) {
        Map<String, Recommender> rows = new LinkedHashMap<>();
        byAdapter.forEach((adapter, bundle) -> rows.put(EvaluationResult.comparisonRow(adapter), bundle.recommender(beam)));
        return rows;
    }

    @Override
    public void close() {
        byAdapter.values().forEach(ModelBundle::close);
    }
}
