package io.recflow.api.access;

/**
 * What an endpoint needs, as the names {@code @RolesAllowed} checks. A signed-in principal holds the
 * permissions of its {@link Role}; endpoints name permissions, never roles, so a role can change what it
 * may do in one place.
 */
public final class Permission {

    /** Read runs, models, lineage, schedules, foundation models and the audit log. */
    public static final String READ = "read";
    /** Start and cancel pipelines, manage schedules, try foundation models in the playground. */
    public static final String RUN = "run";
    /** Approve or reject candidates, move aliases (promote, roll back). */
    public static final String APPROVE = "approve";
    /** Create and revoke tokens, import foundation models. */
    public static final String ADMIN = "admin";
    /** Ask a served model for recommendations. */
    public static final String RECOMMEND = "recommend";

    private Permission() {
    }
}
