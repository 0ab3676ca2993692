package io.recflow.api.infra;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.recflow.api.problem.ProblemException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.TimeUnit;

/**
 * Whether Temporal's frontend answers right now, asked with a deadline of 3 s. Readiness reports it; a request
 * that would start a run asks it before writing anything, because the SDK retries a start against a server that is
 * down for over a minute before it gives up.
 */
@ApplicationScoped
public class TemporalReachability {

    static final long TIMEOUT_MS = 3000;

    @Inject
    WorkflowServiceStubs temporal;

    @ConfigProperty(name = "recflow.temporal.target", defaultValue = "localhost:7233")
    String target;

    /**
     * What is wrong, or null when the frontend's health service answers SERVING. The SDK's {@code healthCheck()}
     * request with this deadline (the SDK's own is 5 s), made on the calling thread: a server that accepts and
     * never answers is down in 3 s, and no thread outlives the question.
     */
    public String problem() {
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(temporal.getRawChannel())
                    .withDeadlineAfter(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder()
                            .setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME).build())
                    .getStatus();
            return status == ServingStatus.SERVING ? null : "status " + status;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED
                    ? "no answer within " + TIMEOUT_MS + " ms" : e.getMessage();
        }
    }

    /** Throws a 503 saying that {@code what} was not started when Temporal does not answer. */
    public void require(String what) {
        String problem = problem();
        if (problem != null) {
            throw ProblemException.unavailable("Temporal at " + target + " is not reachable (" + problem + "): "
                    + what + " was not started and nothing was recorded; try again when it is up");
        }
    }

    public String target() {
        return target;
    }
}
