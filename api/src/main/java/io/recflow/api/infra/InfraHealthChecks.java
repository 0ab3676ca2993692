package io.recflow.api.infra;

import io.minio.BucketExistsArgs;
import io.recflow.activities.store.ArtifactStore;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of the artifact store (the bucket answers) and of Temporal (its gRPC health service
 * answers SERVING). The datasource check comes with quarkus-agroal. Each probe gives up after 3 s.
 */
@ApplicationScoped
public class InfraHealthChecks {

    private static final long TIMEOUT_MS = 3000;

    @Inject
    ArtifactStore store;

    @Inject
    WorkflowServiceStubs temporal;

    @ConfigProperty(name = "recflow.mode", defaultValue = "embedded")
    String mode;

    @ConfigProperty(name = "recflow.temporal.target", defaultValue = "localhost:7233")
    String temporalTarget;

    @Produces
    @Readiness
    HealthCheck artifactStore() {
        return () -> probe("artifact-store", () -> {
            boolean exists = store.client().bucketExists(BucketExistsArgs.builder().bucket(store.bucket()).build());
            return exists ? null : "bucket " + store.bucket() + " does not exist";
        }).withData("endpoint", store.endpoint()).withData("bucket", store.bucket()).withData("mode", mode).build();
    }

    @Produces
    @Readiness
    HealthCheck temporal() {
        return () -> probe("temporal", () -> {
            var status = temporal.healthCheck().getStatus();
            return status == io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING ? null : "status " + status;
        }).withData("target", temporalTarget).withData("mode", mode).build();
    }

    /** Runs the check with a timeout; the callable returns null when healthy, else the problem. */
    private static HealthCheckResponseBuilder probe(String name, Callable<String> check) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
        try {
            String problem = CompletableFuture.supplyAsync(() -> {
                try {
                    return check.call();
                } catch (Exception e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return problem == null ? builder.up() : builder.down().withData("error", problem);
        } catch (java.util.concurrent.TimeoutException e) {
            return builder.down().withData("error", "no answer within " + TIMEOUT_MS + " ms");
        } catch (Exception e) {
            return builder.down().withData("error", String.valueOf(e.getMessage()));
        }
    }
}
