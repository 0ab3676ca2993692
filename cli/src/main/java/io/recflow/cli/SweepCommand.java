package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow sweep start|status|watch|list|cancel}: many configurations of one pipeline, side by side. */
@Command(name = "sweep", description = "run many configurations of a pipeline and compare them")
final class SweepCommand implements Callable<Integer> {

    private static final String SWEEP_ID = "the sweep ID";
    private static final String EXAMPLE = "{\"spec\": {...}, \"grid\": {\"training.experts\": [1, 2, 4, 8]}}";

    private final StandardStreams io;
    private final SweepReport report;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    SweepCommand(StandardStreams io) {
        this.io = io;
        this.report = new SweepReport(io.out());
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a subcommand");
    }

    @Command(name = "start", description = {"starts a sweep from a JSON request",
            "The request: {\"spec\": <base spec>, \"grid\": {\"training.experts\": [1, 2], ...}} (every combination) or "
                    + "{\"spec\": ..., \"runs\": [<partial spec>, ...]}, and optionally \"maxParallel\" (default 2) and "
                    + "\"selectBy\" (the validation metric the best child is chosen by; default the promotion metric)."})
    int start(@Option(names = "--request", required = true, paramLabel = "FILE|-",
                      description = "the sweep request as JSON, from a file or from stdin (-)") String source,
              @Option(names = "--idempotency-key", paramLabel = "KEY",
                      description = "starting twice with the same key returns the first sweep") String key,
              @Option(names = "--watch", description = "follow the sweep until it ends "
                      + "(exit 1 unless it completes)") boolean watch,
              @Mixin ClientOptions options) {
        RecflowApi api = options.api();
        JsonNode started = api.post("/api/v1/sweeps", JsonInput.readObject(io, source, "sweep request", EXAMPLE).text(),
                key == null ? Map.of() : Map.of("Idempotency-Key", key)).json();
        String id = started.path("id").asText();
        if (options.json && !watch) {
            io.printJson(started);
            return 0;
        }
        if (!options.json) {
            io.out().println("started " + id + " (" + started.path("children").size() + " configurations, "
                    + started.path("maxParallel").asInt() + " at a time)");
        }
        if (!watch) {
            io.out().println("follow it with: recflow sweep watch " + id);
            return 0;
        }
        return follow(api, id, options.json);
    }

    @Command(name = "status", description = "a sweep's table: each configuration's status, validation and test "
            + "numbers, and which one was offered to promotion")
    int status(@Parameters(paramLabel = "ID", description = SWEEP_ID) String id, @Mixin ClientOptions options) {
        JsonNode sweep = options.api().get(sweepPath(id)).json();
        if (options.json) {
            io.printJson(sweep);
        } else {
            report.printSweep(sweep);
        }
        return 0;
    }

    @Command(name = "watch", description = {"follows a sweep until it ends, a line per child as its status changes",
            "Exits 0 when the sweep completed, 1 otherwise. With --json, prints the final sweep only."})
    int watch(@Parameters(paramLabel = "ID", description = SWEEP_ID) String id, @Mixin ClientOptions options) {
        return follow(options.api(), id, options.json);
    }

    @Command(name = "list", description = "recent sweeps, newest first")
    int list(@Option(names = "--status", paramLabel = "S", description = "only sweeps in status S: RUNNING, "
                     + "COMPLETED, FAILED or CANCELED") String status,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                     description = "at most N sweeps (default ${DEFAULT-VALUE})") int limit,
             @Mixin ClientOptions options) {
        String wanted = status == null ? null : status.toUpperCase();
        JsonNode sweeps = options.api().get("/api/v1/sweeps?limit=" + limit
                + (wanted == null ? "" : "&status=" + RecflowApi.encode(wanted))).json();
        if (options.json) {
            io.printJson(sweeps);
        } else if (sweeps.isEmpty()) {
            io.out().println("no sweeps" + (wanted == null ? "" : " with status " + wanted));
        } else {
            report.printList(sweeps);
        }
        return 0;
    }

    @Command(name = "cancel", description = "cancels a running sweep and its children")
    int cancel(@Parameters(paramLabel = "ID", description = SWEEP_ID) String id, @Mixin ClientOptions options) {
        JsonNode sweep = options.api().post(sweepPath(id) + "/cancel", null).json();
        if (options.json) {
            io.printJson(sweep);
        } else {
            io.out().println("cancel requested for " + id + " and its children (now "
                    + Fields.text(sweep, "status", "?") + ")");
        }
        return 0;
    }

    private int follow(RecflowApi api, String id, boolean json) {
        JsonNode sweep = api.get(sweepPath(id)).json();
        Map<String, String> seen = new java.util.HashMap<>();
        try {
            while (true) {
                if (!json) {
                    report.printChanges(sweep, seen);
                }
                if (!Fields.text(sweep, "status", "").equals("RUNNING")) {
                    break;
                }
                Thread.sleep(1000);
                sweep = api.get(sweepPath(id)).json();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        if (json) {
            io.printJson(sweep);
        } else {
            io.out().println();
            report.printSweep(sweep);
        }
        return Fields.text(sweep, "status", "").equals("COMPLETED") ? 0 : FailureHandler.EXIT_CODE;
    }

    private static String sweepPath(String id) {
        return "/api/v1/sweeps/" + RecflowApi.encode(id);
    }
}
