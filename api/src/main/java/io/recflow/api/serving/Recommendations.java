package io.recflow.api.serving;

import io.recflow.workflows.promote.ModelVersionRef;

import java.util.List;

/** What the model recommends, best first; {@code score} is the item's log-probability under the model. */
public record Recommendations(String model, int version, List<RecommendedItem> items) {

    public record RecommendedItem(String item, double score, String title) {
    }

    static Recommendations of(ModelVersionRef version, List<RecommendedItem> items) {
        return new Recommendations(version.name(), version.version(), items);
    }
}
