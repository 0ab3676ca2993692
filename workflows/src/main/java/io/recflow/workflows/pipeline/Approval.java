package io.recflow.workflows.pipeline;

/** Who decided, and why: recorded in the audit log of the alias. */
public record Approval(String actor, String reason) {
}
