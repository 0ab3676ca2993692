package io.recflow.api.infra;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraHealthChecksTest {

    /**
     * A Temporal that accepts the connection and never answers (a hung process, a half-open proxy) is down
     * within the probe's 3 s (the SDK's own health call waits 5 s and says so in other words).
     */
    @Test
    void aTemporalThatNeverAnswersIsDownWithinTheProbesDeadline() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());  // held open, never written to
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InfraHealthChecks checks = new InfraHealthChecks();
            checks.mode = "local";
            checks.temporalTarget = "127.0.0.1:" + silent.getLocalPort();
            checks.temporal = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(checks.temporalTarget).build());
            try {
                long started = System.nanoTime();
                HealthCheckResponse response = checks.temporal().call();
                long millis = (System.nanoTime() - started) / 1_000_000;

                assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
                assertEquals("no answer within 3000 ms", response.getData().orElseThrow().get("error"));
                assertTrue(millis < 4_500, "answered after " + millis + " ms");
            } finally {
                checks.temporal.shutdownNow();
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
