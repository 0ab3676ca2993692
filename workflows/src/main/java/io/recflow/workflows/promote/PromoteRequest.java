package io.recflow.workflows.promote;

/** Move {@code alias} of the candidate's model to the candidate. {@code actor} is who decided. */
public record PromoteRequest(ModelVersionRef candidate, String alias, String actor, String reason) {

    public static final String CHAMPION = "champion";
}
