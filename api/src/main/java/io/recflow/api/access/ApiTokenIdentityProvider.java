package io.recflow.api.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

/** Turns a recflow API token into a security identity with its role (see {@link SignedInIdentity}). */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    @Inject
    ApiTokens tokens;

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        // A token verified a moment ago answers on the event loop: no hop to a worker thread per request.
        return tokens.remembered(request.token()).map(caller -> Uni.createFrom().item(identity(caller)))
                // The database lookup and the slow hash block: off the event loop.
                .orElseGet(() -> context.runBlocking(() -> lookUp(request.token())));
    }

    @ActivateRequestContext
    SecurityIdentity lookUp(String token) {
        return identity(tokens.authenticate(token).orElseThrow(() -> new AuthenticationFailedException(
                "the bearer token is unknown, expired or revoked")));
    }

    private static SecurityIdentity identity(Caller caller) {
        return SignedInIdentity.withRole(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(caller.name())),
                caller.role(), SignedInIdentity.WITH_TOKEN);
    }
}
