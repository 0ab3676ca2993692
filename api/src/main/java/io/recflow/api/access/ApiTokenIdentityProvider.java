package io.recflow.api.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

/**
 * Turns a bearer token into a security identity whose roles are its role's {@link Permission}s (what
 * {@code @RolesAllowed} checks) and whose {@link #ROLE} attribute is the role itself.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The identity attribute holding the caller's {@link Role}. */
    public static final String ROLE = "recflow.role";

    @Inject
    ApiTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // The database lookup and the slow hash block: off the event loop.
        return context.runBlocking(() -> lookUp(request.getToken().getToken()));
    }

    @ActivateRequestContext
    SecurityIdentity lookUp(String token) {
        Caller caller = tokens.authenticate(token).orElseThrow(() -> new AuthenticationFailedException(
                "the bearer token is unknown, expired or revoked"));
        return identity(caller);
    }

    static SecurityIdentity identity(Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name()))
                .addRoles(caller.role().permissions())
                .addAttribute(ROLE, caller.role())
                .build();
    }
}
