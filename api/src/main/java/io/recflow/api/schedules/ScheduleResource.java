package io.recflow.api.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.recflow.api.requests.StrictRequestJson;
import io.recflow.api.access.Permission;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * Periodic retraining through Temporal Schedules (a real Temporal server: local or cluster mode):
 * create, list, inspect, pause, unpause, trigger now, delete.
 */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Permission.READ)
public class ScheduleResource {

    @Inject
    ScheduleService schedules;
    @Inject
    StrictRequestJson json;

    @RolesAllowed(Permission.RUN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ScheduleRequest request) {
        ScheduleView created = schedules.create(request);
        return Response.created(URI.create(created.links().get("self"))).entity(created).build();
    }

    @GET
    public List<ScheduleView> list() {
        return schedules.list();
    }

    @GET
    @Path("/{id}")
    public ScheduleView get(@PathParam("id") String id) {
        return schedules.describe(id);
    }

    /** Body optional: {@code {"note": "why"}}. */
    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/pause")
    @Consumes(MediaType.WILDCARD)
    public ScheduleView pause(@PathParam("id") String id, String body) throws JsonProcessingException {
        return schedules.pause(id, note(body));
    }

    /** Body optional: {@code {"note": "why"}}. */
    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/unpause")
    @Consumes(MediaType.WILDCARD)
    public ScheduleView unpause(@PathParam("id") String id, String body) throws JsonProcessingException {
        return schedules.unpause(id, note(body));
    }

    @RolesAllowed(Permission.RUN)
    @POST
    @Path("/{id}/trigger")
    public ScheduleView trigger(@PathParam("id") String id) {
        return schedules.trigger(id);
    }

    @RolesAllowed(Permission.RUN)
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        schedules.delete(id);
        return Response.noContent().build();
    }

    /** Read as strictly as any other body (the String parameter only lets the body be left out). */
    private String note(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            return null;
        }
        ScheduleNote note = json.getContext(ScheduleNote.class).readValue(body, ScheduleNote.class);
        return note == null ? null : note.note();  // the body JSON's null: no note, as an empty body
    }

    /** Why a schedule is paused or unpaused, shown with it. */
    record ScheduleNote(String note) {
    }
}
