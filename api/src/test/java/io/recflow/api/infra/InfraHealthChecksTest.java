package io.recflow.api.infra;

import io.recflow.activities.store.ArtifactStore;
import io.recflow.api.problem.ProblemException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfraHealthChecksTest {

    /**
     * A Temporal that accepts the connection and never answers (a hung process, a half-open proxy) is down
     * within the probe's 3 s (the SDK's own health call waits 5 s and says so in other words), and a run is
     * refused as quickly, with a 503 that says nothing was started.
     */
    @Test
    void aTemporalThatNeverAnswersIsDownWithinTheProbesDeadline() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            TemporalReachability temporal = new TemporalReachability();
            temporal.target = "127.0.0.1:" + silent.port();
            temporal.temporal = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(temporal.target).build());
            InfraHealthChecks checks = new InfraHealthChecks();
            checks.mode = "local";
            checks.temporal = temporal;
            try {
                // The message is the probe's own deadline (DEADLINE_EXCEEDED of the 3 s call), not the SDK's 5 s.
                HealthCheckResponse response = checks.temporal().call();
                assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
                assertEquals("no answer within 3000 ms", response.getData().orElseThrow().get("error"));

                ProblemException refused = assertThrows(ProblemException.class, () -> temporal.require("the pipeline"));
                assertEquals(503, refused.status());
                assertTrue(refused.getMessage().contains("(no answer within 3000 ms)"), refused.getMessage());
                assertTrue(refused.getMessage().contains("the pipeline was not started and nothing was recorded"),
                        refused.getMessage());
            } finally {
                temporal.temporal.shutdownNow();
            }
        }
    }

    /**
     * An S3 endpoint that accepts and never answers holds the bucket check for the client's read timeout
     * (minutes): each probe is down after 3 s, and the probes that follow wait on that one call instead of
     * leaving a thread each behind.
     */
    @Test
    void probesOfAStoreThatNeverAnswersShareOneCall() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            InfraHealthChecks checks = new InfraHealthChecks();
            checks.mode = "local";
            checks.store = new ArtifactStore("http://127.0.0.1:" + silent.port(), "minioadmin", "minioadmin",
                    "recflow", "us-east-1", Optional.empty());
            try {
                for (int probe = 0; probe < 3; probe++) {
                    HealthCheckResponse response = checks.artifactStore().call();
                    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
                    assertEquals("no answer within 3000 ms", response.getData().orElseThrow().get("error"));
                }
                assertEquals(1, silent.accepted.size(), "connections the probes opened");
            } finally {
                checks.stop();
            }
        }
    }

    /** Accepts connections and holds them open, never writing a byte. */
    private static final class SilentServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0);
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket held : accepted) {
                held.close();
            }
        }
    }
}
