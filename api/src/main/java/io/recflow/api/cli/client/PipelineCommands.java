package io.recflow.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.api.cli.StageWatcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recflow pipeline start|status|watch|list|cancel|approve|reject}. */
final class PipelineCommands {

    static final String USAGE = """
            usage: recflow pipeline start --spec FILE|- [--idempotency-key KEY] [--watch]   start a run from a JSON spec
                   recflow pipeline status ID                     stages, attempts, metrics and promotion of a run
                   recflow pipeline watch ID                      follow a run with a progress bar until it ends
                   recflow pipeline list [--status S] [--limit N] recent runs (S: RUNNING, WAITING_APPROVAL, COMPLETED, FAILED, CANCELED)
                   recflow pipeline cancel ID                     cancel a running run
                   recflow pipeline approve ID --reason R [--actor A]   let a run waiting for approval promote its model
                   recflow pipeline reject ID --reason R [--actor A]    refuse the promotion
            options: --json (print the API's JSON), --url URL (default $RECFLOW_URL or http://localhost:8080), --help
            """;
    static final String START_USAGE = """
            usage: recflow pipeline start --spec FILE|- [--idempotency-key KEY] [--watch] [--json] [--url URL]
              --spec FILE|-            the pipeline spec as JSON, from a file or from stdin (-)
              --idempotency-key KEY    starting twice with the same key returns the first run
              --watch                  follow the run until it ends (exit 1 unless it completes or waits for approval)
            """;
    static final String STATUS_USAGE = """
            usage: recflow pipeline status ID [--json] [--url URL]
              shows a run's stages (status, attempt, duration, device), its model version, metrics and promotion
            """;
    static final String WATCH_USAGE = """
            usage: recflow pipeline watch ID [--json] [--url URL]
              follows a run with a progress bar until it completes, fails, is canceled or waits for approval;
              exits 0 when it completed or waits for approval, 1 otherwise. With --json, prints the final run only.
            """;
    static final String LIST_USAGE = """
            usage: recflow pipeline list [--status S] [--limit N] [--json] [--url URL]
              --status S   only runs in status S: RUNNING, WAITING_APPROVAL, COMPLETED, FAILED or CANCELED
              --limit N    at most N runs, newest first (default 50)
            """;
    static final String CANCEL_USAGE = """
            usage: recflow pipeline cancel ID [--json] [--url URL]
            """;
    static final String DECIDE_USAGE = """
            usage: recflow pipeline approve ID --reason R [--actor A] [--json] [--url URL]
                   recflow pipeline reject ID --reason R [--actor A] [--json] [--url URL]
              decides a run that waits for approval; --actor defaults to your user name
            """;

    private final RecflowClient client;

    PipelineCommands(RecflowClient client) {
        this.client = client;
    }

    int run(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            if (args.isEmpty()) {
                throw new CliException.Usage("missing a subcommand", USAGE);
            }
            client.out.print(USAGE);
            return 0;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "start" -> start(rest);
            case "status" -> status(rest);
            case "watch" -> watch(rest);
            case "list" -> list(rest);
            case "cancel" -> cancel(rest);
            case "approve", "reject" -> decide(args.get(0), rest);
            default -> throw new CliException.Usage("unknown pipeline subcommand '" + args.get(0) + "'", USAGE);
        };
    }

    private int start(List<String> argv) {
        Args args = Args.parse(argv, Set.of("--spec", "--idempotency-key"), Set.of("--watch"), START_USAGE);
        if (client.help(args, START_USAGE)) {
            return 0;
        }
        args.expectPositional(START_USAGE);
        String source = args.required("--spec", START_USAGE);
        String spec = readSpec(source);
        Api api = client.api(args);
        String key = args.value("--idempotency-key");
        JsonNode started = api.post("/api/v1/pipelines", spec,
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
        String id = started.path("id").asText();
        if (!args.flag("--watch")) {
            if (args.flag("--json")) {
                client.printJson(started);
            } else {
                client.out.println("started " + id + " (" + RecflowClient.text(started, "status", "?") + ")");
                client.out.println("follow it with: recflow pipeline watch " + id);
            }
            return 0;
        }
        if (!args.flag("--json")) {
            client.out.println("started " + id + " (" + RecflowClient.text(started, "status", "?") + ")");
        }
        return follow(api, id, args.flag("--json"));
    }

    private String readSpec(String source) {
        String text;
        try {
            text = source.equals("-") ? new String(client.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new CliException("there is no spec file " + source);
        } catch (IOException e) {
            throw new CliException("cannot read the spec " + source + ": " + e.getMessage());
        }
        String name = source.equals("-") ? "the spec on stdin" : source;
        JsonNode parsed;
        try {
            parsed = Api.JSON.readTree(text);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new CliException(name + " is not valid JSON: " + message);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new CliException(name + " must be a JSON object, like {\"model\": \"movies\", \"data\": {...}}");
        }
        return text;
    }

    private int status(List<String> argv) {
        Args args = Args.parse(argv, Set.of(), Set.of(), STATUS_USAGE);
        if (client.help(args, STATUS_USAGE)) {
            return 0;
        }
        args.expectPositional(STATUS_USAGE, "the pipeline ID");
        JsonNode run = client.api(args).get(runPath(args.positional.get(0)));
        if (args.flag("--json")) {
            client.printJson(run);
        } else {
            printRun(run);
        }
        return 0;
    }

    private int watch(List<String> argv) {
        Args args = Args.parse(argv, Set.of(), Set.of(), WATCH_USAGE);
        if (client.help(args, WATCH_USAGE)) {
            return 0;
        }
        args.expectPositional(WATCH_USAGE, "the pipeline ID");
        return follow(client.api(args), args.positional.get(0), args.flag("--json"));
    }

    private int follow(Api api, String id, boolean json) {
        JsonNode run;
        try {
            if (json) {
                run = api.get(runPath(id));
                while (RecflowClient.text(run, "status", "").equals("RUNNING")) {
                    Thread.sleep(500);
                    run = api.get(runPath(id));
                }
            } else {
                run = new StageWatcher(client.out).watch(() -> api.get(runPath(id)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        String status = RecflowClient.text(run, "status", "?");
        if (json) {
            client.printJson(run);
        } else {
            client.out.println();
            printOutcome(run);
            if (status.equals("WAITING_APPROVAL")) {
                client.out.println("decide with: recflow pipeline approve|reject " + id + " --reason R");
            }
        }
        return status.equals("COMPLETED") || status.equals("WAITING_APPROVAL") ? 0 : 1;
    }

    private int list(List<String> argv) {
        Args args = Args.parse(argv, Set.of("--status", "--limit"), Set.of(), LIST_USAGE);
        if (client.help(args, LIST_USAGE)) {
            return 0;
        }
        args.expectPositional(LIST_USAGE);
        StringBuilder path = new StringBuilder("/api/v1/pipelines?limit=" + args.intValue("--limit", 50, LIST_USAGE));
        if (args.value("--status") != null) {
            path.append("&status=").append(Api.encode(args.value("--status").toUpperCase()));
        }
        JsonNode runs = client.api(args).get(path.toString());
        if (args.flag("--json")) {
            client.printJson(runs);
            return 0;
        }
        if (runs.isEmpty()) {
            client.out.println("no pipeline runs" + (args.value("--status") == null ? "" : " with status "
                    + args.value("--status").toUpperCase()));
            return 0;
        }
        client.out.printf("%-46s %-14s %-16s %-19s  %s%n", "ID", "MODEL", "STATUS", "STARTED", "MESSAGE");
        for (JsonNode run : runs) {
            client.out.printf("%-46s %-14s %-16s %-19s  %s%n", run.path("id").asText(),
                    RecflowClient.text(run, "model", "-"), RecflowClient.text(run, "status", "-"),
                    RecflowClient.time(run, "startedAt"), RecflowClient.text(run, "message", ""));
        }
        return 0;
    }

    private int cancel(List<String> argv) {
        Args args = Args.parse(argv, Set.of(), Set.of(), CANCEL_USAGE);
        if (client.help(args, CANCEL_USAGE)) {
            return 0;
        }
        args.expectPositional(CANCEL_USAGE, "the pipeline ID");
        String id = args.positional.get(0);
        JsonNode run = client.api(args).post(runPath(id) + "/cancel", "{}");
        if (args.flag("--json")) {
            client.printJson(run);
        } else {
            client.out.println("cancel requested for " + id + " (now " + RecflowClient.text(run, "status", "?") + ")");
        }
        return 0;
    }

    private int decide(String verb, List<String> argv) {
        Args args = Args.parse(argv, Set.of("--reason", "--actor"), Set.of(), DECIDE_USAGE);
        if (client.help(args, DECIDE_USAGE)) {
            return 0;
        }
        args.expectPositional(DECIDE_USAGE, "the pipeline ID");
        String reason = args.required("--reason", DECIDE_USAGE);
        String actor = args.value("--actor", System.getProperty("user.name", "cli"));
        String id = args.positional.get(0);
        JsonNode run = client.api(args).post(runPath(id) + "/" + verb, Map.of("actor", actor, "reason", reason));
        if (args.flag("--json")) {
            client.printJson(run);
        } else {
            client.out.println((verb.equals("approve") ? "approved " : "rejected ") + id + " as " + actor
                    + " (now " + RecflowClient.text(run, "status", "?") + ")");
        }
        return 0;
    }

    private static String runPath(String id) {
        return "/api/v1/pipelines/" + Api.encode(id);
    }

    private void printRun(JsonNode run) {
        client.out.printf("%s  model %s  %s%n", run.path("id").asText(), RecflowClient.text(run, "model", "-"),
                RecflowClient.text(run, "status", "?"));
        client.out.printf("started %s  ended %s%n", RecflowClient.time(run, "startedAt"),
                RecflowClient.time(run, "endedAt"));
        if (run.hasNonNull("message") && !run.get("message").asText().isBlank()) {
            client.out.println("message: " + run.get("message").asText());
        }
        client.out.printf("%n  %-10s %-10s %7s %8s  %-8s %-20s %s%n", "STAGE", "STATUS", "ATTEMPT", "SECONDS",
                "DEVICE", "WORKER", "PROGRESS / MESSAGE");
        for (JsonNode stage : run.path("stages")) {
            String detail = RecflowClient.text(stage, "message", "");
            JsonNode progress = stage.get("progress");
            if (stage.path("status").asText().equals("RUNNING") && progress != null && !progress.isNull()) {
                long total = Math.max(1, progress.path("totalSteps").asLong());
                detail = String.format("%s step %d/%d (%d%%)", progress.path("phase").asText(),
                        progress.path("step").asLong(), total, 100 * progress.path("step").asLong() / total);
            }
            client.out.printf("  %-10s %-10s %7s %8s  %-8s %-20s %s%n", stage.path("stage").asText(),
                    stage.path("status").asText(), stage.path("attempt").asInt() == 0 ? "-"
                            : String.valueOf(stage.path("attempt").asInt()),
                    stage.hasNonNull("durationMs") ? String.format("%.1f", stage.get("durationMs").asLong() / 1000.0)
                            : "-",
                    RecflowClient.text(stage, "device", "-"), RecflowClient.text(stage, "worker", "-"), detail);
        }
        printMetrics(run.get("metrics"));
        client.out.println();
        printOutcome(run);
    }

    private void printOutcome(JsonNode run) {
        client.out.println(run.path("id").asText() + " " + RecflowClient.text(run, "status", "?")
                + (run.hasNonNull("message") && !run.get("message").asText().isBlank()
                ? ": " + run.get("message").asText() : ""));
        JsonNode version = run.get("modelVersion");
        if (version != null && !version.isNull()) {
            client.out.println("model version: " + version.path("name").asText() + ":" + version.path("version").asInt());
        }
        JsonNode promotion = run.get("promotion");
        if (promotion != null && !promotion.isNull()) {
            client.out.println("promotion: " + (promotion.path("promoted").asBoolean() ? "promoted to champion"
                    : "not promoted") + (promotion.hasNonNull("reason") ? " (" + promotion.get("reason").asText() + ")"
                    : ""));
        }
    }

    private void printMetrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject() || metrics.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        metrics.elements().next().fieldNames().forEachRemaining(name -> {
            if (!name.endsWith("-std") && !name.endsWith("ValidRatio")) {
                columns.add(name);
            }
        });
        client.out.printf("%nmetrics%n  %-12s", "MODEL");
        columns.forEach(c -> client.out.printf(" %18s", c));
        client.out.println();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            client.out.printf("  %-12s", model.getKey());
            columns.forEach(c -> client.out.printf(" %18.4f", model.getValue().path(c).asDouble(Double.NaN)));
            client.out.println();
        }
    }
}
