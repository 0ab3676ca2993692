package io.recflow.api.models;

/** Move an alias to {@code version}; {@code actor} and {@code reason} go into the audit log. */
public record AliasRequest(Integer version, String reason, String actor) {
}
