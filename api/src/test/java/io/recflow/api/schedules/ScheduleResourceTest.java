package io.recflow.api.schedules;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.pipelines.PipelineClient;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * On the in-memory test server (what the api tests run on, and the embedded fallback) there are no Schedules and no search attributes:
 * the schedule endpoints say so plainly, and runs are started without search attributes. (On the real
 *  servers the end-to-end lane in tests/ covers both, the default platform's dev server included.)
 */
@QuarkusTest
class ScheduleResourceTest {

    @Inject
    TemporalFeatures features;

    @Test
    void schedulesNeedARealTemporalServer() {
        given().get("/api/v1/schedules").then().statusCode(501)
                .contentType("application/problem+json")
                .body("detail", containsString("in-memory test server"));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "nightly", "spec", Map.of("model", "m", "data", Map.of("uri",
                                PipelineClient.dataDir().resolve("nightly").toUri().toString())),
                        "interval", "PT24H"))
                .post("/api/v1/schedules").then().statusCode(501).body("status", equalTo(501));
    }

    @Test
    void theTestServerGetsNoSearchAttributesAndNoSchedules() {
        assertFalse(features.searchAttributes());
        assertFalse(features.schedules());
    }
}
