package io.recflow.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recflow models [NAME]}, {@code recflow promote} and {@code recflow rollback}. */
final class ModelCommands {

    static final String MODELS_USAGE = """
            usage: recflow models [NAME] [--json] [--url URL]
              without NAME: every registered model, its newest version and its aliases
              with NAME: its versions (artifact, run, metrics), where its aliases point and their history
            """;
    static final String PROMOTE_USAGE = """
            usage: recflow promote NAME VERSION --reason R [--actor A] [--alias ALIAS] [--json] [--url URL]
              points the champion alias (or ALIAS) of model NAME at VERSION; the reason and actor (default: your
              user name) go into the alias's audit log
            """;
    static final String ROLLBACK_USAGE = """
            usage: recflow rollback NAME VERSION --reason R [--actor A] [--alias ALIAS] [--json] [--url URL]
              moves the champion alias (or ALIAS) of model NAME back to VERSION, e.g. after a regression;
              the reason and actor (default: your user name) go into the alias's audit log
            """;

    private final RecflowClient client;

    ModelCommands(RecflowClient client) {
        this.client = client;
    }

    int models(List<String> argv) {
        Args args = Args.parse(argv, Set.of(), Set.of(), MODELS_USAGE);
        if (client.help(args, MODELS_USAGE)) {
            return 0;
        }
        if (args.positional.size() > 1) {
            throw new CliException.Usage("unexpected argument '" + args.positional.get(1) + "'", MODELS_USAGE);
        }
        Api api = client.api(args);
        if (args.positional.isEmpty()) {
            JsonNode models = api.get("/api/v1/models");
            if (args.flag("--json")) {
                client.printJson(models);
            } else if (models.isEmpty()) {
                client.out.println("no models registered yet; train one with: recflow pipeline start --spec FILE");
            } else {
                client.out.printf("%-20s %7s %9s  %-19s  %s%n", "NAME", "LATEST", "VERSIONS", "UPDATED", "ALIASES");
                for (JsonNode m : models) {
                    client.out.printf("%-20s %7d %9d  %-19s  %s%n", m.path("name").asText(),
                            m.path("latestVersion").asInt(), m.path("versions").asLong(),
                            RecflowClient.time(m, "updatedAt"), aliases(m.path("aliases")));
                }
            }
            return 0;
        }
        JsonNode model = api.get("/api/v1/models/" + Api.encode(args.positional.get(0)));
        if (args.flag("--json")) {
            client.printJson(model);
            return 0;
        }
        client.out.println("model " + model.path("name").asText() + "  aliases: " + aliases(model.path("aliases"))
                + "  serving: " + (model.hasNonNull("serving") ? "version " + model.get("serving").asInt() : "nothing"));
        client.out.printf("%n  %7s %9s  %-19s  %-40s %s%n", "VERSION", "ARTIFACT", "CREATED", "RUN", "METRICS");
        for (JsonNode v : model.path("versions")) {
            client.out.printf("  %7d %9d  %-19s  %-40s %s%n", v.path("version").asInt(), v.path("artifactId").asLong(),
                    RecflowClient.time(v, "createdAt"), RecflowClient.text(v, "runId", "-"), metrics(v.path("metrics")));
        }
        JsonNode history = model.path("aliasHistory");
        if (!history.isEmpty()) {
            client.out.printf("%nalias history%n");
            for (JsonNode e : history) {
                client.out.printf("  %-19s  %-10s %s -> %d  by %s: %s%n", RecflowClient.time(e, "at"),
                        e.path("alias").asText(), e.hasNonNull("fromVersion") ? e.get("fromVersion").asText() : "-",
                        e.path("toVersion").asInt(), RecflowClient.text(e, "actor", "-"),
                        RecflowClient.text(e, "reason", ""));
            }
        }
        return 0;
    }

    int move(String verb, List<String> argv) {
        String usage = verb.equals("promote") ? PROMOTE_USAGE : ROLLBACK_USAGE;
        Args args = Args.parse(argv, Set.of("--reason", "--actor", "--alias"), Set.of(), usage);
        if (client.help(args, usage)) {
            return 0;
        }
        args.expectPositional(usage, "the model NAME", "the VERSION");
        String name = args.positional.get(0);
        int version;
        try {
            version = Integer.parseInt(args.positional.get(1));
        } catch (NumberFormatException e) {
            throw new CliException.Usage("VERSION must be a number, got '" + args.positional.get(1) + "'", usage);
        }
        String reason = args.required("--reason", usage);
        String alias = args.value("--alias", "champion");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("reason", reason);
        body.put("actor", args.value("--actor", System.getProperty("user.name", "cli")));
        JsonNode move = client.api(args).post("/api/v1/models/" + Api.encode(name) + "/aliases/" + Api.encode(alias),
                body);
        if (args.flag("--json")) {
            client.printJson(move);
        } else if (!move.path("changed").asBoolean(true)) {
            client.out.printf("%s: %s already points at version %d%n", name, alias, version);
        } else {
            client.out.printf("%s: %s %s -> %d%n", name, alias,
                    move.hasNonNull("fromVersion") ? "version " + move.get("fromVersion").asInt() : "(unset)",
                    move.path("toVersion").asInt(version));
        }
        return 0;
    }

    private static String aliases(JsonNode aliases) {
        if (aliases == null || aliases.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        aliases.fields().forEachRemaining(e -> s.append(s.isEmpty() ? "" : ", ").append(e.getKey()).append("=")
                .append(e.getValue().asText()));
        return s.toString();
    }

    /** The first few numeric metrics, e.g. "loo/ndcg@10=0.1234 ...". */
    private static String metrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext() && shown < 3; ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNumber() && !e.getKey().endsWith("-std")) {
                s.append(shown++ == 0 ? "" : "  ").append(e.getKey()).append("=")
                        .append(String.format("%.4f", e.getValue().asDouble()));
            }
        }
        return s.toString();
    }
}
