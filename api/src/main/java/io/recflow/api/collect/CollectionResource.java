package io.recflow.api.collect;

import io.recflow.api.access.Permission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Garbage collection of artifacts no longer needed (see {@code ArtifactCollector} for what stays): admins only,
 * as it deletes; {@code "dryRun": true} lists what would go.
 */
@Path("/api/v1/gc")
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {

    @Inject
    CollectionService collections;

    @POST
    @RolesAllowed(Permission.ADMIN)
    public CollectionView collect(CollectionRequest request) {
        return collections.collect(request);
    }
}
