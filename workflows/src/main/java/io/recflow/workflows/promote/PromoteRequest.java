package io.recflow.workflows.promote;

/**
 * Move {@code alias} of the candidate's model to the candidate. {@code actor} is who decided. {@code replacing}: the
 * version the verdict compared the candidate with (its champion then, none for a first version); the alias moves
 * only from there, as an approval may come days after the verdict. Null (no check) in requests recorded before.
 */
public record PromoteRequest(ModelVersionRef candidate, String alias, String actor, String reason, Replacing replacing) {

    public static final String CHAMPION = "champion";

    /** @param champion what the alias pointed to when the verdict was made; null when it pointed nowhere */
    public record Replacing(ModelVersionRef champion) {
    }
}
