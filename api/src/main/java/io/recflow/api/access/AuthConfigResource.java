package io.recflow.api.access;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How to sign in: asked by the console's sign-in page before anyone is signed in, so it is open. */
@Path("/api/v1/auth/config")
@Produces(MediaType.APPLICATION_JSON)
public class AuthConfigResource {

    @Inject
    IdentityProviderDiscovery provider;

    @GET
    @PermitAll
    public AuthConfig config() {
        return new AuthConfig(provider.consoleSignIn().orElse(null));
    }
}
