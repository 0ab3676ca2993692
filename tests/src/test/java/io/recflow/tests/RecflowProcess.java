package io.recflow.tests;

import io.recflow.cli.client.RecflowApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged platform as a separate OS process, started the way a user starts it:
 * {@code java -jar api/target/quarkus-app/quarkus-run.jar up --mode local}, with its own HTTP port, data
 * directory and log under the lane's work folder, and the task queues it polls ({@code cpu,gpu} for
 * api+workers, {@code none} for api only, {@code cpu} or {@code gpu} for a worker).
 */
final class RecflowProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final long logStart;
    private final Process process;

    private RecflowProcess(String name, int port, Path log, long logStart, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.logStart = logStart;
        this.process = process;
    }

    /** Starts a process and waits until it is ready (/q/health/ready answers 200). */
    static RecflowProcess start(String name, String queues) {
        return start(name, queues, Map.of());
    }

    static RecflowProcess start(String name, String queues, Map<String, String> properties) {
        Path dataDir = E2e.work().resolve("processes").resolve(name);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.http.port", String.valueOf(port));
        props.put("recflow.data-dir", dataDir.toString());
        // The processes share one database, so only the first start makes the admin token: one file for all.
        props.put("recflow.auth.admin-token-file", adminTokenFile().toString());
        props.put("recflow.ingest.allowed-roots", E2e.dataRoot().toString());
        props.put("recflow.worker.queues", queues);
        props.put("ai.djl.pytorch.num_threads", "1");
        props.put("ai.djl.pytorch.num_interop_threads", "1");
        props.putAll(properties);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", E2e.jar().toString(), "up", "--mode", "local"));
        Path log = dataDir.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().putIfAbsent("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".djl.ai").toString());
        builder.environment().remove("RECFLOW_MODE");
        builder.environment().remove("RECFLOW_WORKER_QUEUES");
        long started = System.nanoTime();
        Process process;
        long logStart;
        try {
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        RecflowProcess recflow = new RecflowProcess(name, port, log, logStart, process);
        // Never leave a platform process behind: ended with the test JVM, and listed for .ci/run's trap.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "e2e-stop-" + name));
        try {
            Path pids = E2e.work().resolve("pids");
            Files.createDirectories(pids);
            Files.writeString(pids.resolve(name + ".pid"), process.pid() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            E2e.await(name + " ready on port " + port + " (log: " + log + ")", Duration.ofSeconds(180), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + "; log: " + log + "\n"
                            + recflow.tail(40));
                }
                return recflow.ready();
            });
        } catch (AssertionError e) {
            recflow.kill();
            throw e;
        }
        System.out.printf("[e2e] %s (pid %d, queues %s) ready on :%d in %.1f s; log %s%n", name, process.pid(),
                queues, port, (System.nanoTime() - started) / 1e9, log);
        return recflow;
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** The worker name recflow records in step rows: {@code <pid>@<host>}. */
    String workerPrefix() {
        return process.pid() + "@";
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Signed in as the lane's admin. */
    RecflowApi api() {
        try {
            return new RecflowApi(baseUrl(), Files.readString(adminTokenFile()).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("no admin token in " + adminTokenFile() + ": the lane's first platform"
                    + " process writes it when the database has no admin token (a fresh database)", e);
        }
    }

    private static Path adminTokenFile() {
        return E2e.work().resolve("admin.token");
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no graceful worker stop. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** The lines this process wrote to its log: the file also keeps earlier lane runs' lines under the same name. */
    List<String> logLines() {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
