package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.NewRun;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LostRunReconcilerTest {

    @Inject
    RunRecords runRecords;
    @Inject
    LostRunReconciler reconciler;

    @Test
    void aRunTemporalDoesNotKnowIsClosedAsLost() {
        // A run recorded before a restart of the embedded Temporal server: its row exists, its workflow does not.
        runRecords.createRun(new NewRun("pipeline-lost-in-restart", null, "m", "{}", 1L, null, "test", null));
        runRecords.createRun(new NewRun("sweep-lost-in-restart", null, "m", "{}", 1L, null, "test", NewRun.SWEEP, null));

        reconciler.reconcile(null);

        for (String id : new String[] {"pipeline-lost-in-restart", "sweep-lost-in-restart"}) {
            var run = runRecords.run(id).orElseThrow();
            assertEquals("FAILED", run.getStatus(), id);
            assertEquals(LostRunReconciler.LOST, run.getMessage(), id);
        }
    }
}
