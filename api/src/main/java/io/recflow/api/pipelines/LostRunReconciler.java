package io.recflow.api.pipelines;

import io.quarkus.runtime.StartupEvent;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.temporal.client.WorkflowClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.stream.Stream;

/**
 * At start, closes the lineage rows of runs that Temporal no longer knows: Temporal's in-memory test server (the
 * embedded mode's fallback when the dev server cannot run) loses runs in flight when the platform stops, and a
 * namespace's retention period ends every history in time; without this their rows would say RUNNING forever.
 */
@ApplicationScoped
public class LostRunReconciler {

    private static final Logger LOG = Logger.getLogger(LostRunReconciler.class);
    static final String LOST = "lost: Temporal no longer has this run (the in-memory test server was restarted, or"
            + " the namespace's retention period expired); the artifacts and lineage of its finished stages remain";

    @Inject
    RunRecords runRecords;
    @Inject
    WorkflowClient client;

    void reconcile(@Observes StartupEvent event) {
        // Sweeps too: a sweep lost with the test server would otherwise say RUNNING forever, like its children.
        List<PipelineRunEntity> open = Stream.of(NewRun.PIPELINE, NewRun.SWEEP)
                .flatMap(kind -> Stream.of(PipelineStatus.RUNNING, PipelineStatus.WAITING_APPROVAL)
                        .flatMap(status -> runRecords.runs(kind, status.name(), 1000).stream()))
                .toList();
        for (PipelineRunEntity run : open) {
            WorkflowPresence presence = WorkflowPresence.of(client, run.getId());
            if (presence == WorkflowPresence.GONE) {
                runRecords.updateRunStatus(run.getId(), PipelineStatus.FAILED, LOST);
                LOG.warnf("%s %s: %s", run.getKind(), run.getId(), LOST);
            } else if (presence == WorkflowPresence.UNKNOWN) {
                LOG.warnf("cannot check %s %s with Temporal; it keeps its status", run.getKind(), run.getId());
                return;
            }
        }
    }
}
