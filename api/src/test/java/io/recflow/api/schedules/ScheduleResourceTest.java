package io.recflow.api.schedules;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.access.Role;
import io.recflow.api.access.TestTokens;
import io.recflow.api.pipelines.PipelineClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Periodic retraining on the dev server the tests run (the default platform's Temporal): a schedule is created
 * paused, shows its cadence and spec, is paused and unpaused with a note, starts a run when triggered (a pipeline
 * run as any other, whose lineage names its model, spec, seed and schedule, and which the schedule's creator may not
 * approve), refuses a second schedule of its id
 * and is deleted. A bad request says what is wrong where. Without a real server (the embedded fallback) schedules
 * answer 501: {@code ScheduleServiceFallbackTest}.
 */
@QuarkusTest
class ScheduleResourceTest {

    @Inject
    TemporalFeatures features;

    @Test
    void aScheduleIsCreatedPausedUnpausedTriggeredAndDeleted() {
        PipelineClient.SmallData data = PipelineClient.smallDataset("schedule-data", 45);
        Map<String, Object> spec = new HashMap<>(PipelineClient.spec("scheduled", data.folder(), 3e-3));
        // Any candidate passes the gate; a person must still approve it.
        spec.put("promotion", Map.of("minGain", -1, "significance", 0, "requireApproval", true));
        Map<String, Object> request = new HashMap<>(Map.of("id", "nightly-test", "spec", spec,
                "interval", "PT24H", "paused", true, "note", "created by a test"));
        given().contentType(ContentType.JSON).body(request).post("/api/v1/schedules")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/schedules/nightly-test"))
                .body("paused", equalTo(true))
                .body("note", equalTo("created by a test"))
                .body("intervals", equalTo(List.of("PT24H")))
                .body("spec.model", equalTo("scheduled"));
        given().contentType(ContentType.JSON).body(request).post("/api/v1/schedules")
                .then().statusCode(409).body("detail", containsString("already exists"));

        given().contentType(ContentType.JSON).body(Map.of("note", "not tonight")).post("/api/v1/schedules/nightly-test/unpause")
                .then().statusCode(200).body("paused", equalTo(false)).body("note", equalTo("not tonight"));
        // A body of JSON's null is no note, like no body at all.
        given().contentType(ContentType.JSON).body("null").post("/api/v1/schedules/nightly-test/pause")
                .then().statusCode(200).body("paused", equalTo(true)).body("note", equalTo("paused through recflow"));

        given().post("/api/v1/schedules/nightly-test/trigger").then().statusCode(200);
        String run = awaitFirstRun();
        assertTrue(run.startsWith("pipeline-nightly-test"), run);
        assertEquals("WAITING_APPROVAL", PipelineClient.awaitEnd(run).getString("status"));
        // Four eyes: the admin who created and triggered the schedule started its run, so another must approve.
        given().contentType(ContentType.JSON).body(Map.of("reason", "my own schedule's"))
                .post("/api/v1/pipelines/" + run + "/approve").then().statusCode(403)
                .body("detail", containsString("(schedule:nightly-test, which they created or triggered)"));
        given().auth().oauth2(TestTokens.of("schedule-approver", Role.APPROVER)).contentType(ContentType.JSON)
                .body(Map.of("reason", "looks right")).post("/api/v1/pipelines/" + run + "/approve")
                .then().statusCode(200);
        JsonPath completed = PipelineClient.awaitCompleted(run);
        // Nobody wrote the run's lineage row before Temporal started it: the run wrote it, with all it knows.
        assertEquals(List.of("scheduled", "scheduled", 7, "schedule:nightly-test"), List.of(
                completed.getString("model"), completed.getString("spec.model"), completed.getInt("spec.seed"),
                completed.getString("startedBy")), completed.prettify());
        assertTrue(features.searchAttributes(), "the dev server has recflow's search attributes");
        given().get("/api/v1/schedules").then().statusCode(200).body("id", hasItem("nightly-test"));

        given().delete("/api/v1/schedules/nightly-test").then().statusCode(204);
        given().get("/api/v1/schedules/nightly-test").then().statusCode(404);
    }

    @Test
    void aBadScheduleSaysWhatIsWrongWhere() {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "Nightly!", "spec", Map.of("model", "m", "data", Map.of("uri",
                        PipelineClient.dataDir().resolve("nightly").toUri().toString())), "interval", "PT10S",
                        "cron", "0 3 * * *"))
                .post("/api/v1/schedules").then().statusCode(400)
                .body("detail", containsString("the schedule is invalid"))
                .body("errors", hasItem(containsString("id: is required")))
                .body("errors", hasItem(containsString("interval, cron: give exactly one")));
        given().get("/api/v1/schedules/nightly-none").then().statusCode(404);
    }

    /**
     * The run a trigger started, once it has written its lineage row: Temporal lists it among the schedule's
     * recent actions as it starts it, and the run's first activity writes the row.
     */
    private static String awaitFirstRun() {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            List<String> runs = given().get("/api/v1/schedules/nightly-test").then().statusCode(200)
                    .extract().path("recentRuns.pipelineId");
            if (!runs.isEmpty() && given().get("/api/v1/pipelines/" + runs.get(0)).statusCode() == 200) {
                return runs.get(0);
            }
            PipelineClient.sleep(250);
        }
        throw new AssertionError("the triggered schedule started no recorded run in 60 s");
    }
}
