package io.recflow.api.infra;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;

/**
 * The Temporal connection: {@code recflow.temporal.target} (host:port) and
 * {@code recflow.temporal.namespace}. The stubs connect lazily, so the application starts even when
 * Temporal is not up yet (readiness reports it).
 * <p>
 * Workers polling the embedded test server must set {@code stickyQueueScheduleToStartTimeout} to zero
 * (see WorkerBootstrap), otherwise a workflow cached by a dead worker waits forever.
 */
@ApplicationScoped
public class TemporalClientProducer {

    private static final Logger LOG = Logger.getLogger(TemporalClientProducer.class);

    @ConfigProperty(name = "recflow.temporal.target", defaultValue = "localhost:7233")
    String target;

    @ConfigProperty(name = "recflow.temporal.namespace", defaultValue = "default")
    String namespace;

    @Produces
    @Singleton
    WorkflowServiceStubs serviceStubs() {
        LOG.infof("Temporal at %s, namespace %s", target, namespace);
        return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    }

    void closeStubs(@Disposes WorkflowServiceStubs stubs) {
        stubs.shutdown();
        try {
            if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
                stubs.shutdownNow();
            }
        } catch (RuntimeException e) {
            LOG.debugf("closing the Temporal connection: %s", e.getMessage());
        }
    }

    @Produces
    @Singleton
    WorkflowClient workflowClient(WorkflowServiceStubs stubs) {
        return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    }

    /** Temporal Schedules in the same namespace (only a real server has them: {@code TemporalFeatures#schedules}). */
    @Produces
    @Singleton
    ScheduleClient scheduleClient(WorkflowServiceStubs stubs) {
        return ScheduleClient.newInstance(stubs, ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
    }
}
