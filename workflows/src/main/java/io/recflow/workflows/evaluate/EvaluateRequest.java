package io.recflow.workflows.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.EvaluationSpec;

import java.util.Map;

/**
 * @param modelName   the registry model the candidate is a version of: its champion, when trained on the
 *                    same data set, is scored beside the candidate. Null in payloads recorded before it
 *                    existed (no champion row then).
 * @param comparisons the comparison models trained beside the candidate ({@code model}), by adapter
 *                    ({@code lora}, {@code full}, ...); each is scored as {@code +<adapter>}. Empty when
 *                    the spec names none (and left out of JSON then, so the request reads as before).
 */
public record EvaluateRequest(ArtifactRef model, ArtifactRef dataset, ArtifactRef split, EvaluationSpec evaluation,
                              long seed, String modelName,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ArtifactRef> comparisons) {

    public EvaluateRequest {
        comparisons = comparisons == null ? Map.of() : comparisons;
    }
}
