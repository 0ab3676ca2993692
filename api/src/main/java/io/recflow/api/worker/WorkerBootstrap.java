package io.recflow.api.worker;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.recflow.activities.collect.CollectionActivitiesImpl;
import io.recflow.activities.evaluate.EvaluateActivitiesImpl;
import io.recflow.activities.finetune.FineTuneActivitiesImpl;
import io.recflow.activities.foundation.FoundationImportActivitiesImpl;
import io.recflow.activities.ingest.IngestActivitiesImpl;
import io.recflow.activities.promote.PromoteActivitiesImpl;
import io.recflow.activities.runs.PipelineRunActivitiesImpl;
import io.recflow.activities.runs.SweepActivitiesImpl;
import io.recflow.activities.tokenize.TokenizeActivitiesImpl;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.collect.CollectionWorkflowImpl;
import io.recflow.workflows.foundation.FoundationImportWorkflowImpl;
import io.recflow.workflows.pipeline.PipelineWorkflowImpl;
import io.recflow.workflows.sweep.SweepWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Starts the Temporal workers this process is configured for. The cpu queue runs the pipeline
 * workflow and the light stages, sweeps, foundation-model imports and scheduled garbage collections; the gpu queue runs fine-tuning, one at a time.
 */
@ApplicationScoped
public class WorkerBootstrap {

    private static final Logger LOG = Logger.getLogger(WorkerBootstrap.class);

    @Inject
    WorkflowClient client;
    @Inject
    WorkerConfig config;
    @Inject
    PipelineRunActivitiesImpl runs;
    @Inject
    SweepActivitiesImpl sweeps;
    @Inject
    IngestActivitiesImpl ingest;
    @Inject
    TokenizeActivitiesImpl tokenize;
    @Inject
    FineTuneActivitiesImpl fineTune;
    @Inject
    EvaluateActivitiesImpl evaluate;
    @Inject
    PromoteActivitiesImpl promote;
    @Inject
    FoundationImportActivitiesImpl foundationImport;
    @Inject
    CollectionActivitiesImpl collection;

    private WorkerFactory factory;

    void start(@Observes StartupEvent event) {
        Set<String> queues = new HashSet<>(config.queues());
        queues.remove("none");
        if (!Set.of("cpu", "gpu").containsAll(queues)) {
            throw new IllegalArgumentException("recflow.worker.queues must list cpu, gpu or none, was " + config.queues());
        }
        if (queues.isEmpty()) {
            LOG.info("recflow.worker.queues=none: api only, no workers in this process");
            return;
        }
        factory = WorkerFactory.newInstance(client);
        if (queues.contains("cpu")) {
            Worker cpu = factory.newWorker(TaskQueues.CPU, options(config.maxConcurrentActivities()));
            cpu.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, SweepWorkflowImpl.class,
                    FoundationImportWorkflowImpl.class, CollectionWorkflowImpl.class);
            cpu.registerActivitiesImplementations(runs, sweeps, ingest, tokenize, evaluate, promote, foundationImport,
                    collection);
        }
        if (queues.contains("gpu")) {
            Worker gpu = factory.newWorker(TaskQueues.GPU, options(config.maxConcurrentTrainings()));
            gpu.registerActivitiesImplementations(fineTune);
        }
        factory.start();
        LOG.infof("workers polling %s", queues);
    }

    void stop(@Observes ShutdownEvent event) {
        if (factory != null) {
            factory.shutdown();
            factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static WorkerOptions options(int maxActivities) {
        return WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(maxActivities)
                // A workflow cached on a sticky queue of a dead worker would otherwise wait forever on
                // the Temporal test server; zero sends its next task to the shared queue at once.
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                // Heartbeats carry the checkpoint a retry resumes from and the progress users watch: send
                // them every few seconds instead of the default 0.8 x the heartbeat timeout (48 s).
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(5))
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(5))
                .build();
    }
}
