package io.recflow.embedded;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded infrastructure itself, outside Quarkus: restarts, persistence, locking, real time. */
class EmbeddedInfrastructureTest {

    @TempDir
    Path dataDir;

    @Test
    void stateSurvivesARestartAndTheDataDirectoryIsExclusive() throws Exception {
        String key = "probe/" + UUID.randomUUID();
        EmbeddedInfrastructure.Timings cold;
        EmbeddedInfrastructure.Timings warm;
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir))) {
            cold = infra.timings();
            try (Connection c = connect(infra); Statement st = c.createStatement()) {
                for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                    try (ResultSet rs = st.executeQuery("show " + setting)) {
                        rs.next();
                        assertEquals("on", rs.getString(1), setting + " must be on: the data directory is kept");
                    }
                }
                st.execute("create table probe (v text)");
                st.execute("insert into probe values ('kept')");
            }
            MinioClient s3 = s3(infra);
            s3.makeBucket(MakeBucketArgs.builder().bucket("probe").build());
            byte[] body = "artifact bytes".getBytes(StandardCharsets.UTF_8);
            s3.putObject(PutObjectArgs.builder().bucket("probe").object(key)
                    .stream(new ByteArrayInputStream(body), (long) body.length, null).build());

            IllegalStateException busy = assertThrows(IllegalStateException.class,
                    () -> EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir)));
            assertTrue(busy.getMessage().contains(dataDir.toString()), busy.getMessage());
        }
        // A crash left PostgreSQL's lock file, whose pid is another live process now (after a reboot, or in a
        // container where pids repeat), which PostgreSQL would take for a running postmaster on every start.
        Process other = new ProcessBuilder("sleep", "120").start();
        Files.writeString(dataDir.resolve("postgres").resolve("postmaster.pid"),
                other.pid() + "\n" + dataDir.resolve("postgres") + "\n");
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir))) {
            warm = infra.timings();
            try (Connection c = connect(infra); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select v from probe")) {
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
            }
            MinioClient s3 = s3(infra);
            assertTrue(s3.bucketExists(BucketExistsArgs.builder().bucket("probe").build()));
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket("probe").object(key).build())) {
                assertEquals("artifact bytes", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        other.destroy();
        assertTrue(cold.postgresInitialised());
        assertTrue(!warm.postgresInitialised());
        System.out.println("[recflow] embedded infrastructure cold start: " + cold);
        System.out.println("[recflow] embedded infrastructure warm start: " + warm);
    }

    /** s3proxy's /healthz is its one response written by Jackson 3 (the rest is hand-written XML). */
    @Test
    void s3proxyHealthEndpointSerialises() throws Exception {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir))) {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(infra.s3Endpoint() + "/healthz")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("{"), response.body());
        }
    }

    /**
     * zonky's initdb trusts every connection from the machine: any local user would be the superuser. The platform's
     * database asks every connection for a password only the data dir's owner can read, across restarts; with the
     * password file gone it says so instead of failing to connect.
     */
    @Test
    void theDatabaseAsksEveryConnectionForAPasswordOnlyTheOwnerCanRead() throws Exception {
        Path file = dataDir.resolve(PostgresPassword.FILE);
        String url;
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir))) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
            assertEquals(Files.readString(file).strip(), infra.properties().get("quarkus.datasource.password"));
            url = infra.jdbcUrl();
            assertRefused(url, "");
            assertRefused(url, "postgres");
        }
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir));
             Connection c = connect(infra); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select 1")) {
            assertTrue(rs.next(), "the kept password opens the database after a restart");
            assertRefused(infra.jdbcUrl(), "postgres");
        }
        Files.delete(file);
        RuntimeException lost = assertThrows(RuntimeException.class,
                () -> EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir)).close());
        assertTrue(String.valueOf(lost.getMessage()).contains(file + ", and that file is gone"), lost::getMessage);
    }

    /** A connection with this password is refused (the new rules are read a moment after the server reloads them). */
    private static void assertRefused(String url, String password) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Connection c = DriverManager.getConnection(url, "postgres", password)) {
                assertTrue(System.currentTimeMillis() < deadline, "the database let in password '" + password + "'");
                Thread.sleep(100);
            } catch (SQLException refused) {
                assertTrue(refused.getMessage().contains("password"), refused.getMessage());
                return;
            }
        }
    }

    @WorkflowInterface
    public interface SleepWorkflow {
        @WorkflowMethod
        long sleep(long millis);
    }

    public static class SleepWorkflowImpl implements SleepWorkflow {
        @Override
        public long sleep(long millis) {
            long start = Workflow.currentTimeMillis();
            Workflow.sleep(Duration.ofMillis(millis));
            return Workflow.currentTimeMillis() - start;
        }
    }

    /** Time skipping is locked: a 2 s workflow timer takes 2 s of wall-clock time, as on a real server. */
    @Test
    void temporalTimersRunInRealTime() {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir))) {
            long wall = runSleepWorkflow(infra.temporalTarget(), 2000);
            assertTrue(wall >= 1900, "a 2 s timer fired after " + wall + " ms: time was skipped");
        }
        // Contrast: the same server with time skipping unlocked fires the timer at once, which is why
        // the embedded mode must lock it (a real pipeline's timeouts would be skipped too).
        int port = EmbeddedInfrastructure.freePort();
        TestServer.PortBoundTestServer skipping = TestServer.createPortBoundServer(port, false);
        try {
            // A minute's timer against half a minute's bound: only skipped time passes, however loaded the machine.
            long wall = runSleepWorkflow("127.0.0.1:" + port, 60_000);
            assertTrue(wall < 30_000, "with time skipping unlocked a 60 s timer took " + wall + " ms");
        } finally {
            skipping.close();
        }
    }

    private static long runSleepWorkflow(String target, long millis) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker("sleep", WorkerOptions.newBuilder()
                    .setStickyQueueScheduleToStartTimeout(Duration.ZERO).build());
            worker.registerWorkflowImplementationTypes(SleepWorkflowImpl.class);
            factory.start();
            try {
                SleepWorkflow wf = client.newWorkflowStub(SleepWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue("sleep").setWorkflowId("sleep-" + UUID.randomUUID()).build());
                long t0 = System.nanoTime();
                long workflowMillis = wf.sleep(millis);
                long wall = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(workflowMillis >= millis, "workflow clock advanced " + workflowMillis + " ms");
                return wall;
            } finally {
                factory.shutdownNow();
            }
        } finally {
            stubs.shutdownNow();
        }
    }

    private static Connection connect(EmbeddedInfrastructure infra) throws Exception {
        Map<String, String> p = infra.properties();
        return DriverManager.getConnection(p.get("quarkus.datasource.jdbc.url"), p.get("quarkus.datasource.username"),
                p.get("quarkus.datasource.password"));
    }

    private static MinioClient s3(EmbeddedInfrastructure infra) {
        Map<String, String> p = infra.properties();
        return MinioClient.builder().endpoint(p.get("recflow.s3.endpoint"))
                .credentials(p.get("recflow.s3.access-key"), p.get("recflow.s3.secret-key")).build();
    }
}
