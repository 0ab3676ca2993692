package io.recflow.workflows.promote;

/** What happened at the gate: promoted or not, by whom, and why. */
public record PromotionDecision(ModelVersionRef candidate, ModelVersionRef previousChampion, boolean promoted,
                                String decidedBy, String reason) {
}
