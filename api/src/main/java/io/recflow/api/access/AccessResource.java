package io.recflow.api.access;

import io.quarkus.security.Authenticated;
import io.recflow.api.requests.ListParameters;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** Who is signed in, and the audit log of who did what. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AccessResource {

    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;
    @ConfigProperty(name = "recflow.auth.four-eyes")
    boolean fourEyes;

    @GET
    @Path("/whoami")
    @Authenticated
    public WhoAmI whoAmI() {
        Caller me = caller.get();
        return new WhoAmI(me.name(), me.role().id(), me.role().permissions().stream().sorted().toList(), fourEyes,
                caller.signedInWith());
    }

    @GET
    @Path("/audit")
    @RolesAllowed(Permission.READ)
    public List<AuditEvent> audit(@QueryParam("target") String target, @QueryParam("principal") String principal,
                                  @QueryParam("limit") @DefaultValue("100") int limit) {
        ListParameters.requireLimit(limit);
        return audit.events(target, principal, limit);
    }
}
