package io.recflow.api.infra;

import io.minio.BucketExistsArgs;
import io.recflow.activities.store.ArtifactStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Readiness of the artifact store (the bucket answers) and of Temporal (its gRPC health service
 * answers SERVING). The datasource check comes with quarkus-agroal. Each probe gives up after 3 s.
 */
@ApplicationScoped
public class InfraHealthChecks {

    private static final long TIMEOUT_MS = TemporalReachability.TIMEOUT_MS;

    private final ExecutorService probes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "health-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** The store's last probe call: probes that come while it still hangs wait on it instead of starting one. */
    private CompletableFuture<String> artifactStoreCall = CompletableFuture.completedFuture(null);

    @Inject
    ArtifactStore store;

    @Inject
    TemporalReachability temporal;

    @ConfigProperty(name = "recflow.mode", defaultValue = "embedded")
    String mode;

    @Produces
    @Readiness
    HealthCheck artifactStore() {
        return () -> probe("artifact-store", this::artifactStoreCall).withData("endpoint", store.endpoint())
                .withData("bucket", store.bucket()).withData("mode", mode).build();
    }

    /**
     * The bucket check, or the one still in flight: a store that accepts and never answers holds a call for the
     * client's read timeout (minutes), and a probe every few seconds must not start a thread for each.
     */
    private synchronized CompletableFuture<String> artifactStoreCall() {
        if (artifactStoreCall.isDone()) {
            artifactStoreCall = CompletableFuture.supplyAsync(() -> {
                try {
                    boolean exists = store.client().bucketExists(BucketExistsArgs.builder().bucket(store.bucket())
                            .build());
                    return exists ? null : "bucket " + store.bucket() + " does not exist";
                } catch (Exception e) {
                    return e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }, probes);
        }
        return artifactStoreCall;
    }

    @Produces
    @Readiness
    HealthCheck temporal() {
        return () -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("temporal")
                    .withData("target", temporal.target()).withData("mode", mode);
            String problem = temporal.problem();
            return (problem == null ? builder.up() : builder.down().withData("error", problem)).build();
        };
    }

    /**
     * Waits for a check's answer up to the timeout; the answer is null when healthy, else the problem. The call
     * runs on a thread of its own, not one of the JDK's shared async pool (the common pool on larger machines)
     * that parallel streams and other async work wait for.
     */
    private HealthCheckResponseBuilder probe(String name, Supplier<CompletableFuture<String>> call) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name);
        try {
            String problem = call.get().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return problem == null ? builder.up() : builder.down().withData("error", problem);
        } catch (java.util.concurrent.TimeoutException e) {
            return builder.down().withData("error", "no answer within " + TIMEOUT_MS + " ms");
        } catch (Exception e) {
            return builder.down().withData("error", String.valueOf(e.getMessage()));
        }
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }
}
