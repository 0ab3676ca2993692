package io.recflow.embedded;

import io.recflow.bootstrap.BootstrapConfig;
import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's dev server ({@code temporal server start-dev} of the Temporal CLI) as a child process: a real
 * Temporal server with its Web UI, whose state lives in SQLite under {@code <data>/temporal}, so workflow
 * histories, schedules and runs in flight survive a restart of recflow. recflow's search attributes are
 * registered at every start (the CLI does that idempotently).
 * <p>
 * A recflow killed with SIGKILL cannot stop its children: the server it leaves behind holds the ports and
 * the database, so the next start stops it first (its pid is kept in {@code <data>/temporal/server.pid}).
 */
final class TemporalDevServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TemporalDevServer.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path pidFile;
    private final int port;
    private final int uiPort;

    private TemporalDevServer(Process process, Path pidFile, int port, int uiPort) {
        this.process = process;
        this.pidFile = pidFile;
        this.port = port;
        this.uiPort = uiPort;
    }

    /**
     * Starts the server and waits until both its frontend and its Web UI answer.
     *
     * @param port the gRPC port, 0 for a free one
     * @param uiPort the Web UI's port, which people bookmark: fixed, and a clear error when it is taken
     */
    static TemporalDevServer start(Path cli, Path home, Path log, int port, int uiPort) {
        if (!Files.isRegularFile(cli) || !Files.isExecutable(cli)) {
            throw new IllegalStateException("recflow.embedded.temporal-cli=" + cli + " is not an executable file"
                    + " (infra/temporal-cli.sh fetches the pinned Temporal CLI and prints its path)");
        }
        Path pidFile = home.resolve("server.pid");
        try {
            Files.createDirectories(home);
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home + ": " + e.getMessage(), e);
        }
        stopOrphan(pidFile);
        int grpcPort = port > 0 ? port : freeLoopbackPort();
        requireFree(grpcPort, "the Temporal frontend (gRPC)", "recflow.embedded.temporal-port");
        requireFree(uiPort, "the Temporal Web UI", "recflow.embedded.temporal-ui-port");

        List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
                "--db-filename", home.resolve("temporal.db").toString(), "--ip", "127.0.0.1",
                "--port", Integer.toString(grpcPort), "--ui-port", Integer.toString(uiPort), "--log-level", "warn"));
        for (var key : RecflowSearchAttributes.ALL) {
            command.add("--search-attribute");
            command.add(key.getName() + "=" + typeName(key.getValueType()));
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cli + ": " + e.getMessage(), e);
        }
        TemporalDevServer server = new TemporalDevServer(process, pidFile, grpcPort, uiPort);
        try {
            server.awaitReady(log);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    String uiUrl() {
        return "http://localhost:" + uiPort;
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}; idempotent. */
    @Override
    public void close() {
        stop(process.toHandle());
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.debugf("removing %s: %s", pidFile, e.getMessage());
        }
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port).build());
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Temporal dev server exited with code " + process.exitValue()
                            + " while starting; its output: " + tail(log));
                }
                if (frontendServing(stubs) && uiAnswers()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Temporal dev server was not ready within "
                            + READY_TIMEOUT.toSeconds() + " s; its output: " + tail(log));
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Temporal dev server was starting", e);
        } finally {
            stubs.shutdownNow();
        }
    }

    private static boolean frontendServing(WorkflowServiceStubs stubs) {
        try {
            return stubs.healthCheck().getStatus().name().equals("SERVING");
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private boolean uiAnswers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + uiPort + "/").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A dev server of this data directory left running by a recflow that was killed: stop it. */
    private static void stopOrphan(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains("start-dev"));
            if (orphan.isPresent()) {
                LOG.warnf("stopping the Temporal dev server (pid %d) left running by an earlier recflow", pid);
                stop(orphan.get());
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("could not check %s for an orphaned Temporal dev server: %s", pidFile, e.getMessage());
        }
    }

    private static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("the Temporal dev server (pid %d) did not stop within %d s: killing it", process.pid(),
                    STOP_TIMEOUT.toSeconds());
            process.destroyForcibly();
        }
    }

    /**
     * A port free on the loopback address the server binds. A port found free and released can be taken before the
     * server binds it (seen twice in CI in a row: "port … for the Temporal frontend (gRPC) is in use"), and the user
     * never chose it, so another is picked rather than failing.
     */
    private static int freeLoopbackPort() {
        for (int tries = 0; tries < 10; tries++) {
            int candidate = EmbeddedInfrastructure.freePort();
            if (freeOnLoopback(candidate)) {
                return candidate;
            }
            LOG.debugf("port %d was taken before the Temporal dev server could use it; picking another", candidate);
        }
        return EmbeddedInfrastructure.freePort();  // requireFree names it if this one is taken too
    }

    private static void requireFree(int port, String what, String property) {
        if (!freeOnLoopback(port)) {
            throw new IllegalStateException("port " + port + " for " + what + " is in use by another process: stop"
                    + " it, or set " + property + " (environment " + BootstrapConfig.environmentName(property)
                    + ") to a free port");
        }
    }

    /** Whether a server could bind {@code port} on 127.0.0.1, the address the dev server listens on. */
    private static boolean freeOnLoopback(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The CLI's name of a search attribute type: INDEXED_VALUE_TYPE_KEYWORD_LIST -> KeywordList. */
    private static String typeName(IndexedValueType type) {
        StringBuilder name = new StringBuilder();
        for (String word : type.name().substring("INDEXED_VALUE_TYPE_".length()).split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return name.toString();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
