package io.recflow.api.models;

import io.recflow.activities.lineage.AliasMove;
import io.recflow.activities.lineage.ModelSummary;
import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.api.serving.CatalogItem;
import io.recflow.api.serving.RecommendationRequest;
import io.recflow.api.serving.RecommendationService;
import io.recflow.api.serving.Recommendations;
import io.recflow.api.access.Permission;
import io.recflow.api.access.RecommendationAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The model registry, alias moves, and the served champion's recommendations. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class ModelResource {

    @Inject
    ModelService models;
    @Inject
    RecommendationService recommendations;
    @Inject
    RecommendationAccess recommendationAccess;

    @GET
    public List<ModelSummary> list() {
        return models.list();
    }

    @GET
    @Path("/{name}")
    public ModelView get(@PathParam("name") String name, @QueryParam("limit") @DefaultValue("100") int limit) {
        return models.get(name, limit);
    }

    @GET
    @Path("/{name}/versions")
    public List<ModelVersionView> versions(@PathParam("name") String name, @QueryParam("before") Integer before,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return models.versions(name, before, limit);
    }

    @GET
    @Path("/{name}/alias-history")
    public List<AliasEventView> aliasHistory(@PathParam("name") String name, @QueryParam("before") Long before,
                                           @QueryParam("limit") @DefaultValue("100") int limit) {
        return models.aliasMoves(name, before, limit);
    }

    @GET
    @Path("/{name}/versions/{version}")
    public ModelVersionView version(@PathParam("name") String name, @PathParam("version") int version) {
        return models.version(name, version);
    }

    @RolesAllowed(Permission.APPROVE)
    @POST
    @Path("/{name}/aliases/{alias}")
    public AliasMove moveAlias(@PathParam("name") String name, @PathParam("alias") String alias, AliasRequest request) {
        return models.moveAlias(name, alias, request);
    }

    @GET
    @Path("/{name}/versions/{version}/report")
    public JsonNode report(@PathParam("name") String name, @PathParam("version") int version,
                           @QueryParam("perUser") @DefaultValue("false") boolean perUser) {
        return models.report(name, version, perUser);
    }

    @RolesAllowed({Permission.READ, Permission.RECOMMEND})
    @GET
    @Path("/{name}/items")
    public List<CatalogItem> items(@PathParam("name") String name, @QueryParam("q") String query,
                                   @QueryParam("limit") @DefaultValue("20") int limit) {
        return recommendations.searchCatalogue(name, query, limit);
    }

    @PermitAll  // open models answer anyone; RecommendationAccess checks the rest
    @POST
    @Path("/{name}/recommendations")
    public Recommendations recommend(@PathParam("name") String name, RecommendationRequest request) {
        recommendationAccess.require(name);
        return recommendations.recommend(name, request);
    }
}
