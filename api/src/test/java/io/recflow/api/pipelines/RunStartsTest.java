package io.recflow.api.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.api.infra.EmbeddedInfraTestResource;
import io.recflow.workflows.spec.PipelineSpec;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a start that Temporal refuses leaves in lineage, against the real lineage database. Temporal is up for every
 * api test, so the start fails here as the SDK's does when the server cannot be reached (the end-to-end lane stops
 * the real server for the same case at the request's level).
 */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class RunStartsTest {

    @Inject
    RunStarts starts;
    @Inject
    RunRecords runs;
    @Inject
    ObjectMapper json;

    @Test
    void aRunWhoseStartFailsLeavesNoRowAndItsKeyFree() throws Exception {
        String key = "refused-" + UUID.randomUUID();
        RunClaim claim = runs.createRun(run(key));

        assertThrows(StatusRuntimeException.class, () -> refusedStart(claim));

        assertTrue(runs.run(claim.runId()).isEmpty(), "the refused run's row");
        assertTrue(runs.runIdForKey(key).isEmpty(), "the refused run's key");
        assertTrue(runs.createRun(run(key)).created(), "the retry with the same key writes its row again");
    }

    /** A repeated request that fails to start the run does not remove what the first request wrote. */
    @Test
    void aRowAnEarlierRequestWroteStays() throws Exception {
        String key = "repeated-" + UUID.randomUUID();
        RunClaim first = runs.createRun(run(key));
        RunClaim repeated = runs.createRun(run(key));
        assertFalse(repeated.created());

        assertThrows(StatusRuntimeException.class, () -> refusedStart(repeated));

        assertEquals(first.runId(), runs.runIdForKey(key).orElseThrow());
    }

    @Test
    void aRowWithATemporalRunIdIsNeverDiscarded() {
        RunClaim claim = runs.createRun(run("started-" + UUID.randomUUID()));
        runs.setTemporalRunId(claim.runId(), "temporal-run-1");

        runs.discardUnstarted(claim.runId());

        assertTrue(runs.run(claim.runId()).isPresent());
    }

    /** A start reported as failed that reached the server after all: its workflow recorded its start first. */
    @Test
    void aRowItsWorkflowHasWrittenToIsNeverDiscarded() {
        RunClaim claim = runs.createRun(run("recorded-" + UUID.randomUUID()));
        runs.recordStart(claim.runId(), "refused", "{\"model\": \"refused\"}", 1L, "admin");

        runs.discardUnstarted(claim.runId());

        assertTrue(runs.run(claim.runId()).isPresent());
    }

    private void refusedStart(RunClaim claim) throws Exception {
        PipelineSpec spec = json.readValue("{\"model\": \"refused\"}", PipelineSpec.class);
        starts.start(claim, spec, options -> {
            throw new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception"));
        });
    }

    private static NewRun run(String key) {
        return new NewRun("pipeline-" + UUID.randomUUID(), "refused", "{}", 1L, key, "admin", null);
    }
}
