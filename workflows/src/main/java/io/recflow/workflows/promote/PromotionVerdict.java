package io.recflow.workflows.promote;

/**
 * The policy's judgement of a registered candidate.
 *
 * @param champion the version that holds the alias now, or {@code null} when there is none
 * @param reason   why, in words a person reads in the audit log
 */
public record PromotionVerdict(ModelVersionRef candidate, ModelVersionRef champion, boolean passes,
                               Double candidateValue, Double championValue, String reason) {
}
