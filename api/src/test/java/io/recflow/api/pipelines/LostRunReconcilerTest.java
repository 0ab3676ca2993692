package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunRecords;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.recflow.api.pipelines.PipelineClient.smallDataset;
import static io.recflow.api.pipelines.PipelineClient.spec;
import static io.recflow.api.pipelines.PipelineClient.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class LostRunReconcilerTest {

    @Inject
    RunRecords runRecords;
    @Inject
    LostRunReconciler reconciler;
    @Inject
    WorkflowClient client;

    @Test
    void aRunTemporalDoesNotKnowIsClosedAsLost() {
        // A run recorded before a restart of the embedded Temporal server: its row exists, its workflow does not.
        runRecords.createRun(new NewRun("pipeline-lost-in-restart", "m", "{}", 1L, null, "test", null));
        runRecords.createRun(new NewRun("sweep-lost-in-restart", "m", "{}", 1L, null, "test", NewRun.SWEEP, null));

        reconciler.reconcile(Duration.ZERO);

        for (String id : new String[] {"pipeline-lost-in-restart", "sweep-lost-in-restart"}) {
            var run = runRecords.run(id).orElseThrow();
            assertEquals("FAILED", run.getStatus(), id);
            assertEquals(LostRunReconciler.LOST, run.getMessage(), id);
        }
    }

    /** Terminated in Temporal (the Web UI's button, tctl): its workflow never writes its end; the reconciler does. */
    @Test
    void aRunTerminatedInTemporalIsClosedAsFailedAndShownSo() {
        String id = start(spec("terminated", smallDataset("terminated-data", 3).folder(), 1e-3));
        client.newUntypedWorkflowStub(id).terminate("terminated by a test");

        reconciler.reconcile(Duration.ofMinutes(1));
        assertEquals("RUNNING", runRecords.run(id).orElseThrow().getStatus(), "a row written just now is left");

        reconciler.reconcile(Duration.ZERO);
        var run = runRecords.run(id).orElseThrow();
        assertEquals("FAILED", run.getStatus());
        assertTrue(run.getMessage().contains("was terminated in Temporal"), run.getMessage());
        // The workflow's own query still says RUNNING; the view says what lineage knows.
        given().get("/api/v1/pipelines/" + id).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("message", containsString("was terminated"));
    }
}
