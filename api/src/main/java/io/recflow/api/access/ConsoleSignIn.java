package io.recflow.api.access;

/**
 * What the console needs to sign a person in through the identity provider (authorization code flow with
 * PKCE, as a public client): the issuer, the console's client id, the name on the button and the provider's
 * endpoints from its discovery document ({@code endSessionEndpoint} may be null).
 */
public record ConsoleSignIn(String issuer, String clientId, String displayName, String authorizationEndpoint,
                            String tokenEndpoint, String endSessionEndpoint) {
}
