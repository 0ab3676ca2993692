package io.recflow.api.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A recflow API token to check. A request type of its own, so that it reaches only
 * {@link ApiTokenIdentityProvider} while the identity provider's access tokens
 * ({@code TokenAuthenticationRequest}) reach only Quarkus OIDC.
 */
public class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
