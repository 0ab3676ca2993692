package io.recflow.embedded;

import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default platform's Temporal: the CLI's dev server, fetched the way the launcher fetches it
 * ({@code infra/temporal-cli.sh}). Its Web UI answers, recflow's search attributes are registered, a run in
 * flight survives a restart, a server orphaned by a killed recflow is stopped, a taken port is named.
 */
class TemporalDevServerTest {

    private static Path cli;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void obtainTheCli() {
        cli = PinnedTemporalCli.obtain(Path.of("../infra"));
    }

    private EmbeddedInfrastructure.Options devServer(int uiPort) {
        return EmbeddedInfrastructure.Options.defaults(dataDir).withTemporalDevServer(cli, uiPort);
    }

    @Test
    void aRunInFlightSurvivesARestartAndTheWebUiShowsIt() throws Exception {
        int uiPort = EmbeddedInfrastructure.freePort();
        String workflowId = "survivor-" + System.nanoTime();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(devServer(uiPort))) {
            assertEquals("http://localhost:" + uiPort, infra.temporalUiUrl().orElseThrow());
            assertEquals("http://localhost:" + uiPort, infra.properties().get("recflow.temporal.ui-url"));
            assertEquals(Set.copyOf(RecflowSearchAttributes.ALL.stream().map(k -> k.getName()).toList()),
                    Set.copyOf(customSearchAttributes(infra.temporalTarget())));
            // No worker polls this queue: the run stays open, as a pipeline does while its worker is down.
            withClient(infra.temporalTarget(), client -> client.newUntypedWorkflowStub("NoSuchWorkflowType",
                    WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue("nobody-polls").build())
                    .start());
        }
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(devServer(uiPort))) {
            assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                    status(infra.temporalTarget(), workflowId), "the run did not survive the restart");
            HttpResponse<String> page = awaitUiPage(URI.create(
                    infra.temporalUiUrl().orElseThrow() + "/api/v1/namespaces/default/workflows/" + workflowId));
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains(workflowId), page.body());
        }
        assertTrue(Files.exists(dataDir.resolve("temporal/temporal.db")));
        assertFalse(Files.exists(dataDir.resolve("temporal/server.pid")), "a clean stop leaves no pid file");
    }

    @Test
    void aServerOrphanedByAKilledRecflowIsStoppedAtTheNextStart() throws Exception {
        int uiPort = EmbeddedInfrastructure.freePort();
        Files.createDirectories(dataDir.resolve("temporal"));
        // What a recflow killed with SIGKILL leaves: its dev server running, on the UI port, with its pid file.
        Process orphan = new ProcessBuilder(cli.toString(), "server", "start-dev", "--db-filename",
                dataDir.resolve("temporal/temporal.db").toString(), "--ip", "127.0.0.1",
                "--port", Integer.toString(EmbeddedInfrastructure.freePort()), "--ui-port", Integer.toString(uiPort))
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("orphan.log").toFile()).start();
        try {
            Files.writeString(dataDir.resolve("temporal/server.pid"), Long.toString(orphan.pid()));
            awaitPortTaken(uiPort, dataDir.resolve("orphan.log"));
            try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(devServer(uiPort))) {
                assertFalse(orphan.isAlive(), "the orphaned dev server still runs");
                assertTrue(infra.temporalUiUrl().isPresent());
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aTakenUiPortIsNamedAndNothingIsLeftRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedInfrastructure.start(devServer(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("recflow.embedded.temporal-ui-port"), e.getMessage());
        }
        // Everything that had started was stopped: the data directory can be used at once.
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(devServer(EmbeddedInfrastructure.freePort()))) {
            assertTrue(infra.temporalUiUrl().isPresent());
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains("start-dev")).toList();
        assertTrue(left.isEmpty(), "dev servers left running: " + left);
    }

    private static List<String> customSearchAttributes(String target) {
        OperatorServiceStubs stubs = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setTarget(target).validateAndBuildWithDefaults());
        try {
            return List.copyOf(stubs.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                    .setNamespace("default").build()).getCustomAttributesMap().keySet());
        } finally {
            stubs.shutdownNow();
        }
    }

    private static WorkflowExecutionStatus status(String target, String workflowId) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target).build());
        try {
            return stubs.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build()).getWorkflowExecutionInfo().getStatus();
        } finally {
            stubs.shutdownNow();
        }
    }

    private static void withClient(String target, java.util.function.Consumer<WorkflowClient> use) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target).build());
        try {
            use.accept(WorkflowClient.newInstance(stubs));
        } finally {
            stubs.shutdownNow();
        }
    }

    /**
     * The UI's page once it answers 200, or its last answer after 15 s. Seen once in CI: right after the restart
     * the UI answered 503 "connection refused" for the frontend's port although the server had just answered the
     * SDK there — most likely the UI's gRPC connection, dialled while the frontend was not yet listening, was
     * still in its reconnect backoff.
     */
    private static HttpResponse<String> awaitUiPage(URI page) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(250);
        }
    }

    private static void awaitPortTaken(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            // Connect, never bind: a probe that binds could take the port from the server starting up.
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the orphan never took port " + port + ": " + Files.readString(log));
    }
}
