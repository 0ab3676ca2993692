package io.recflow.embedded;

import io.recflow.bootstrap.InProcessInfrastructure;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The zero-install infrastructure of {@code recflow.mode=embedded}, all under one data directory:
 * PostgreSQL from zonky's binaries ({@code <data>/postgres}, kept across restarts), s3proxy with its
 * filesystem backend in this JVM ({@code <data>/s3}, kept across restarts), and Temporal: the dev server
 * of the Temporal CLI when {@link Options#temporalCli()} names one ({@link TemporalDevServer}: Web UI,
 * {@code <data>/temporal}, runs survive restarts), else the Temporal Java test server (in memory: runs in
 * flight do not survive a restart; no Web UI, no schedules) with time skipping locked, so timers and
 * timeouts run in real time. {@link #properties()} gives the endpoints as config properties;
 * {@link #close()} stops everything. The three start in parallel.
 */
public final class EmbeddedInfrastructure implements InProcessInfrastructure {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfrastructure.class);
    static final String DATABASE = "recflow";

    /**
     * @param postgresPort 0 for a free port (likewise s3Port and temporalPort)
     * @param temporalCli the Temporal CLI whose dev server to run; null for the in-memory test server
     * @param temporalUiPort the dev server's Web UI port
     */
    public record Options(Path dataDir, int postgresPort, int s3Port, int temporalPort, String s3AccessKey,
                          String s3SecretKey, Path temporalCli, int temporalUiPort) {

        public static final int DEFAULT_UI_PORT = 8233;

        /** Free ports, the test server. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, 0, 0, 0, "minioadmin", "minioadmin", null, DEFAULT_UI_PORT);
        }

        public Options withS3Keys(String accessKey, String secretKey) {
            return new Options(dataDir, postgresPort, s3Port, temporalPort, accessKey, secretKey, temporalCli,
                    temporalUiPort);
        }

        public Options withTemporalDevServer(Path cli, int uiPort) {
            return new Options(dataDir, postgresPort, s3Port, temporalPort, s3AccessKey, s3SecretKey, cli, uiPort);
        }
    }

    /** Milliseconds each component took to start, and the whole (they start in parallel). */
    public record Timings(long postgresMs, long s3Ms, long temporalMs, long totalMs, boolean postgresInitialised) {
        @Override
        public String toString() {
            return "total " + totalMs + " ms (postgres " + postgresMs + " ms" + (postgresInitialised ? " incl. initdb" : "")
                    + ", s3proxy " + s3Ms + " ms, temporal " + temporalMs + " ms)";
        }
    }

    private final Options options;
    private final Path dataDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EmbeddedPostgres postgres;
    private volatile String postgresPassword;
    private volatile S3Proxy s3;
    private volatile TestServer.PortBoundTestServer testServer;
    private volatile TemporalDevServer devServer;
    private volatile int temporalPort;
    private volatile Timings timings;

    private EmbeddedInfrastructure(Options options, FileChannel lockChannel, FileLock lock) {
        this.options = options;
        this.dataDir = options.dataDir().toAbsolutePath().normalize();
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Starts PostgreSQL, s3proxy and Temporal (its dev server, or the test server); on failure stops what started. */
    public static EmbeddedInfrastructure start(Options options) {
        long t0 = System.nanoTime();
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        FileChannel channel = null;
        FileLock lock;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(dataDir.resolve("recflow.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("the data directory " + dataDir + " is in use by another recflow process;"
                    + " stop it or set recflow.data-dir to another directory");
        }
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(options, channel, lock);
        CompletableFuture<long[]> pg = CompletableFuture.supplyAsync(infra::startPostgres);
        CompletableFuture<Long> s3 = CompletableFuture.supplyAsync(infra::startS3);
        CompletableFuture<Long> tmp = CompletableFuture.supplyAsync(infra::startTemporal);
        CompletableFuture<Void> started = CompletableFuture.allOf(pg, s3, tmp);
        // Ctrl-C or SIGTERM while starting (initdb, up to a minute for Temporal) stops everything once it is up:
        // PostgreSQL and the Temporal dev server run detached from the terminal and would outlive this process, and
        // closing before a server is up would miss it. The caller's own hook takes over once started.
        Thread stopWhatStarted = new Thread(() -> {
            started.handle((done, failure) -> null).join();
            infra.close();
        }, "recflow-infra-start-interrupted");
        Runtime.getRuntime().addShutdownHook(stopWhatStarted);
        try {
            started.join();
            long total = (System.nanoTime() - t0) / 1_000_000;
            infra.timings = new Timings(pg.join()[0], s3.join(), tmp.join(), total, pg.join()[1] == 1);
            LOG.infof("embedded infrastructure ready under %s: %s", dataDir, infra.timings);
            return infra;
        } catch (CompletionException e) {
            infra.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("embedded infrastructure failed to start under " + dataDir + ": "
                    + cause.getMessage(), cause);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        } finally {
            removeHook(stopWhatStarted);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs.
        }
    }

    /**
     * The endpoints as config properties: the datasource, {@code recflow.s3.*}, {@code recflow.temporal.target},
     * and which Temporal it is ({@code recflow.temporal.ui-url} of the dev server, {@code recflow.temporal.test-server}).
     */
    @Override
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.datasource.jdbc.url", jdbcUrl());
        p.put("quarkus.datasource.username", "postgres");
        p.put("quarkus.datasource.password", postgresPassword);
        p.put("recflow.s3.endpoint", s3Endpoint());
        p.put("recflow.s3.access-key", options.s3AccessKey());
        p.put("recflow.s3.secret-key", options.s3SecretKey());
        p.put("recflow.temporal.target", temporalTarget());
        temporalUiUrl().ifPresent(ui -> p.put("recflow.temporal.ui-url", ui));
        // The test server has no Schedules and no custom search attributes: the api must not offer them.
        p.put("recflow.temporal.test-server", Boolean.toString(testServer != null));
        return p;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3.getPort();
    }

    public String temporalTarget() {
        return "127.0.0.1:" + temporalPort;
    }

    /** The Web UI of the dev server; empty on the test server, which has none. */
    public Optional<String> temporalUiUrl() {
        return Optional.ofNullable(devServer).map(TemporalDevServer::uiUrl);
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    public Timings timings() {
        return timings;
    }

    /**
     * Stops the Temporal server, s3proxy and PostgreSQL (in that order) and releases the data directory.
     * Idempotent; a concurrent second call waits until the first has finished.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        if (devServer != null) {
            devServer.close();
        }
        if (testServer != null) {
            try {
                testServer.close();
            } catch (RuntimeException e) {
                LOG.warnf("stopping the Temporal test server: %s", e.getMessage());
            }
        }
        if (s3 != null) {
            try {
                s3.stop();
            } catch (Exception e) {
                LOG.warnf("stopping s3proxy: %s", e.getMessage());
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("stopping PostgreSQL: %s", e.getMessage());
            }
        }
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debugf("releasing the data directory lock: %s", e.getMessage());
        }
        closeQuietly(lockChannel);
        LOG.infof("embedded infrastructure stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }

    // ---------------------------------------------------------------- components

    private long[] startPostgres() {
        long t0 = System.nanoTime();
        Path pgData = dataDir.resolve("postgres");
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            if (!fresh) {
                stopStalePostmaster(pgData);
            }
            Path log = dataDir.resolve("logs").resolve("postgres.log");
            postgresPassword = PostgresPassword.readOrCreate(dataDir, pgData);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // close() stops it, after Quarkus: zonky's own hook would stop it under a running app
                    .setRegisterShutdownHook(false)
                    .setPort(options.postgresPort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    // zonky defaults to fsync off (-F) and synchronous_commit off: fine for throw-away test
                    // databases, not for lineage that must survive a crash. These -c options come after -F.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setConnectConfig("password", postgresPassword)
                    .start();
            PostgresPassword.require(postgres, pgData, postgresPassword);
            ensureDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start with data in " + pgData
                    + " (see " + dataDir.resolve("logs/postgres.log") + "): " + e.getMessage(), e);
        }
        return new long[] {(System.nanoTime() - t0) / 1_000_000, fresh ? 1 : 0};
    }

    private void ensureDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("create database " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /**
     * A recflow process killed with SIGKILL leaves its postmaster running on the data directory, and the
     * next start would fail on the lock file. We own the data directory lock, so any live postmaster of
     * this directory is such an orphan: ask it to shut down (SIGTERM) and wait.
     */
    private static void stopStalePostmaster(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) {
                return;
            }
            ProcessHandle.Info info = process.get().info();
            List<String> arguments = info.arguments().map(List::of).orElse(List.of());
            boolean ours = info.command().orElse("").endsWith("postgres") && (arguments.isEmpty()
                    || arguments.contains(pgData.toString()) || arguments.contains(pgData.toAbsolutePath().toString()));
            if (!ours) {
                // The pid is another process's now (after a reboot, or in a container where pids repeat): the file
                // is stale, and PostgreSQL would refuse to start on every try while it is there. The data
                // directory's lock, which this process holds, says no postmaster of ours runs on it.
                Files.delete(pidFile);
                LOG.warnf("removed a stale %s: its pid %d is another process now", pidFile, pid);
                return;
            }
            LOG.warnf("stopping an orphaned PostgreSQL (pid %d) left on %s by an earlier run", pid, pgData);
            process.get().destroy();
            process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("could not check %s for an orphaned PostgreSQL: %s", pidFile, e.getMessage());
        }
    }

    private long startS3() {
        long t0 = System.nanoTime();
        Path s3Dir = dataDir.resolve("s3");
        try {
            Files.createDirectories(s3Dir);
            s3 = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(s3Dir.toString()))
                    .endpoint(URI.create("http://127.0.0.1:" + options.s3Port()))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, options.s3AccessKey(), options.s3SecretKey())
                    .build();
            s3.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"STARTED".equals(s3.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start within 30 s (state " + s3.getState() + ")");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start on " + s3Dir + ": " + e.getMessage(), e);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private long startTemporal() {
        long t0 = System.nanoTime();
        if (options.temporalCli() != null) {
            devServer = TemporalDevServer.start(options.temporalCli(), dataDir.resolve("temporal"),
                    dataDir.resolve("logs").resolve("temporal.log"), options.temporalPort(), options.temporalUiPort());
            temporalPort = devServer.port();
            LOG.infof("Temporal dev server on %s, Web UI %s, state in %s", temporalTarget(), devServer.uiUrl(),
                    dataDir.resolve("temporal"));
            return (System.nanoTime() - t0) / 1_000_000;
        }
        LOG.warn("Temporal: the in-memory test server (no Temporal CLI configured: recflow.embedded.temporal-cli):"
                + " no Web UI, no schedules, runs in flight do not survive a restart, and a run cancelled as a stage"
                + " finishes can hang (temporalio/sdk-java#2391)");
        RuntimeException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = options.temporalPort() > 0 ? options.temporalPort() : freePort();
            try {
                // lockTimeSkipping = true: the server behaves like a real one in respect to time. Unlocked,
                // it would fast-forward timers and activity timeouts whenever no activity is running.
                testServer = TestServer.createPortBoundServer(port, true);
                temporalPort = port;
                return (System.nanoTime() - t0) / 1_000_000;
            } catch (RuntimeException e) {
                last = e;
                if (options.temporalPort() > 0) {
                    break;
                }
            }
        }
        throw new IllegalStateException("the Temporal test server did not start: " + last.getMessage(), last);
    }

    /** A port free now, for a server started right after (the tests' dev server Web UI, which must not be 8233). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}
