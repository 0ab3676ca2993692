package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow pipeline start|status|watch|list|cancel|approve|reject}: run and steer pipelines. */
@Command(name = "pipeline", description = "run and steer pipelines")
final class PipelineCommand implements Callable<Integer> {

    private static final String RUN_ID = "the pipeline ID";

    private final StandardStreams io;
    private final RunReport report;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    PipelineCommand(StandardStreams io) {
        this.io = io;
        this.report = new RunReport(io.out());
    }

    /** {@code recflow pipeline} alone: which of its subcommands is meant? */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a subcommand");
    }

    @Command(name = "start", description = "starts a run from a JSON spec")
    int start(@Option(names = "--spec", required = true, paramLabel = "FILE|-",
                      description = "the pipeline spec as JSON, from a file or from stdin (-)") String source,
              @Option(names = "--idempotency-key", paramLabel = "KEY",
                      description = "starting twice with the same key returns the first run") String key,
              @Option(names = "--watch", description = "follow the run until it ends "
                      + "(exit 1 unless it completes or waits for approval)") boolean watch,
              @Mixin ClientOptions options) {
        RecflowApi api = options.api();
        return announce(api, api.startPipeline(
                JsonInput.readObject(io, source, "spec", "{\"model\": \"movies\", \"data\": {...}}").text(), key),
                watch, options.json);
    }

    @Command(name = "rerun", description = {"a new run of an earlier one, computing again from a stage",
            "The stages before --from reuse the earlier results whose inputs are unchanged (the step cache); "
                    + "--changes replaces fields of the earlier run's spec."})
    int rerun(@Parameters(paramLabel = "ID", description = RUN_ID) String id,
              @Option(names = "--from", required = true, paramLabel = "STAGE",
                      description = "the first stage to compute again: ingest, tokenize, fine-tune, evaluate or "
                              + "promote") String from,
              @Option(names = "--changes", paramLabel = "FILE|-",
                      description = "a partial spec as JSON whose fields replace the run's, e.g. "
                              + "{\"training\": {\"adapter\": \"lora\", \"experts\": 1}}") String changes,
              @Option(names = "--idempotency-key", paramLabel = "KEY",
                      description = "re-running twice with the same key returns the first new run") String key,
              @Option(names = "--watch", description = "follow the new run until it ends") boolean watch,
              @Mixin ClientOptions options) {
        RecflowApi api = options.api();
        ObjectNode body = RecflowApi.JSON.createObjectNode().put("from", from);
        if (changes != null) {
            body.set("spec", JsonInput.readObject(io, changes, "changes",
                    "{\"training\": {\"adapter\": \"lora\"}}").tree());
        }
        JsonNode started = api.post(RecflowApi.pipelinePath(id) + "/rerun", body,
                key == null ? Map.of() : Map.of("Idempotency-Key", key)).json();
        return announce(api, started, watch, options.json);
    }

    /** Says which run started and where to watch it, or follows it. */
    private int announce(RecflowApi api, JsonNode started, boolean watch, boolean json) {
        String id = started.path("id").asText();
        if (json && !watch) {
            io.printJson(started);
            return 0;
        }
        if (!json) {
            io.out().println("started " + id + " (" + Fields.text(started, "status", "?") + ")");
            if (started.path("links").hasNonNull("temporalUi")) {
                io.out().println("its workflow history: " + started.path("links").get("temporalUi").asText());
            }
        }
        if (!watch) {
            io.out().println("follow it with: recflow pipeline watch " + id);
            return 0;
        }
        return follow(api, id, json);
    }

    @Command(name = "status", description = {"a run's stages, attempts, devices, metrics and promotion",
            "Each stage's status, attempt, duration and device; the run's model version, metrics and promotion."})
    int status(@Parameters(paramLabel = "ID", description = RUN_ID) String id, @Mixin ClientOptions options) {
        JsonNode run = options.api().pipeline(id);
        if (options.json) {
            io.printJson(run);
        } else {
            report.printRun(run);
        }
        return 0;
    }

    @Command(name = "watch", description = {"follows a run with a progress bar until it ends or waits for approval",
            "Exits 0 when the run completed or waits for approval, 1 otherwise. With --json, prints the final run "
                    + "only."})
    int watch(@Parameters(paramLabel = "ID", description = RUN_ID) String id, @Mixin ClientOptions options) {
        return follow(options.api(), id, options.json);
    }

    @Command(name = "list", description = "recent runs, newest first")
    int list(@Option(names = "--status", paramLabel = "S", description = "only runs in status S: RUNNING, "
                     + "WAITING_APPROVAL, COMPLETED, FAILED or CANCELED") String status,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                     description = "at most N runs (default ${DEFAULT-VALUE})") int limit,
             @Mixin ClientOptions options) {
        String wanted = status == null ? null : status.toUpperCase();
        JsonNode runs = options.api().get("/api/v1/pipelines?limit=" + limit
                + (wanted == null ? "" : "&status=" + RecflowApi.encode(wanted))).json();
        if (options.json) {
            io.printJson(runs);
        } else if (runs.isEmpty()) {
            io.out().println("no pipeline runs" + (wanted == null ? "" : " with status " + wanted));
        } else {
            report.printList(runs);
        }
        return 0;
    }

    @Command(name = "cancel", description = "cancels a running run")
    int cancel(@Parameters(paramLabel = "ID", description = RUN_ID) String id, @Mixin ClientOptions options) {
        JsonNode run = options.api().post(RecflowApi.pipelinePath(id) + "/cancel", null).json();
        if (options.json) {
            io.printJson(run);
        } else {
            io.out().println("cancel requested for " + id + " (now " + Fields.text(run, "status", "?") + ")");
        }
        return 0;
    }

    @Command(name = "approve", description = "lets a run waiting for approval promote its model")
    int approve(@Parameters(paramLabel = "ID", description = RUN_ID) String id, @Mixin Decision decision,
                @Mixin ClientOptions options) {
        return decide("approve", id, decision, options);
    }

    @Command(name = "reject", description = "refuses the promotion of a run waiting for approval")
    int reject(@Parameters(paramLabel = "ID", description = RUN_ID) String id, @Mixin Decision decision,
               @Mixin ClientOptions options) {
        return decide("reject", id, decision, options);
    }

    /** Why a run waiting for approval is decided so; who decides is the token's principal, recorded by the server. */
    static final class Decision {

        @Option(names = "--reason", required = true, paramLabel = "R", description = "why")
        String reason;
    }

    private int decide(String verb, String id, Decision decision, ClientOptions options) {
        JsonNode run = options.api().post(RecflowApi.pipelinePath(id) + "/" + verb,
                Map.of("reason", decision.reason)).json();
        if (options.json) {
            io.printJson(run);
        } else {
            io.out().println((verb.equals("approve") ? "approved " : "rejected ") + id + " (now "
                    + Fields.text(run, "status", "?") + ")");
        }
        return 0;
    }

    /** Follows a run until it leaves RUNNING; exit 0 when it completed or waits for approval, else 1. */
    private int follow(RecflowApi api, String id, boolean json) {
        JsonNode run;
        try {
            if (json) {
                run = api.pipeline(id);
                while (Fields.text(run, "status", "").equals("RUNNING")) {
                    Thread.sleep(500);
                    run = api.pipeline(id);
                }
            } else {
                run = new StageWatcher(io.out()).watch(() -> api.pipeline(id));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
        String status = Fields.text(run, "status", "?");
        if (json) {
            io.printJson(run);
        } else {
            io.out().println();
            report.printOutcome(run);
            if (status.equals("WAITING_APPROVAL")) {
                io.out().println("decide with: recflow pipeline approve|reject " + id + " --reason R");
            }
        }
        return status.equals("COMPLETED") || status.equals("WAITING_APPROVAL") ? 0 : FailureHandler.EXIT_CODE;
    }
}
