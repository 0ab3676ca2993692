package io.recflow.api.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recflow.workflows.promote.ModelVersionRef;

import java.util.List;

/**
 * What the model recommends, best first; {@code score} is the item's log-probability under the model.
 *
 * @param answer with {@code method: generation}, the language model's answer (its first line, lower-cased);
 *               {@code items} then holds the one candidate it names, or nothing when it names none or several
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendations(String model, int version, List<RecommendedItem> items, String answer) {

    public record RecommendedItem(String item, double score, String title) {
    }

    static Recommendations of(ModelVersionRef version, List<RecommendedItem> items) {
        return new Recommendations(version.name(), version.version(), items, null);
    }

    static Recommendations answered(ModelVersionRef version, List<RecommendedItem> items, String answer) {
        return new Recommendations(version.name(), version.version(), items, answer);
    }
}
