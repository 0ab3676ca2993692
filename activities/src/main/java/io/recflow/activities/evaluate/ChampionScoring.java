package io.recflow.activities.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The report's {@code champion} section: whether the model's champion was scored beside the candidate
 * (as the {@code champion} row, on the same users and candidate draws), which version, and if not, why.
 *
 * @param version the champion's version, or null when the model has none (or is not named)
 * @param reason  why it was not scored; null when it was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChampionScoring(String model, Integer version, boolean scored, String reason) {

    static ChampionScoring scored(String model, int version) {
        return new ChampionScoring(model, version, true, null);
    }

    static ChampionScoring skipped(String model, Integer version, String reason) {
        return new ChampionScoring(model, version, false, reason);
    }
}
