package io.recflow.api.access;

/** How one may sign in: always with an API token, and through the identity provider when {@code oidc} is set. */
public record AuthConfig(ConsoleSignIn oidc) {
}
