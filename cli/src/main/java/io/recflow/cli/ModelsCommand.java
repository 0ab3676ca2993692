package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow models [NAME]}: the registry, or one model's versions and aliases. */
@Command(name = "models", description = {"registered models, or one model's versions and aliases",
        "Without NAME: every registered model, its newest version and its aliases. With NAME: its versions "
                + "(artifact, run, metrics), where its aliases point and their history."})
final class ModelsCommand implements Callable<Integer> {

    private final StandardStreams io;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "the model NAME")
    String name;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "with NAME: its newest N versions and alias moves (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ClientOptions options;

    ModelsCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        RecflowApi api = options.api();
        JsonNode answer = api.get(name == null ? "/api/v1/models"
                : "/api/v1/models/" + RecflowApi.encode(name) + "?limit=" + limit).json();
        if (options.json) {
            io.printJson(answer);
        } else if (name == null) {
            printModels(answer);
        } else {
            printModel(answer);
        }
        return 0;
    }

    private void printModels(JsonNode models) {
        PrintStream out = io.out();
        if (models.isEmpty()) {
            out.println("no models registered yet; train one with: recflow pipeline start --spec FILE");
            return;
        }
        out.printf("%-20s %7s %9s  %-19s  %s%n", "NAME", "LATEST", "VERSIONS", "UPDATED", "ALIASES");
        for (JsonNode m : models) {
            out.printf("%-20s %7d %9d  %-19s  %s%n", m.path("name").asText(), m.path("latestVersion").asInt(),
                    m.path("versions").asLong(), Fields.time(m, "updatedAt"), aliases(m.path("aliases")));
        }
    }

    private void printModel(JsonNode model) {
        PrintStream out = io.out();
        out.println("model " + model.path("name").asText() + "  aliases: " + aliases(model.path("aliases"))
                + "  serving: " + (model.hasNonNull("serving") ? "version " + model.get("serving").asInt() : "nothing"));
        out.printf("%n  %7s %9s  %-19s  %-40s %s%n", "VERSION", "ARTIFACT", "CREATED", "RUN", "METRICS");
        for (JsonNode v : model.path("versions")) {
            out.printf("  %7d %9d  %-19s  %-40s %s%n", v.path("version").asInt(), v.path("artifactId").asLong(),
                    Fields.time(v, "createdAt"), Fields.text(v, "runId", "-"), metrics(v.path("metrics")));
        }
        printOmitted(model.path("versions").size(), model.path("versionCount").asLong(), "versions");
        JsonNode history = model.path("aliasHistory");
        if (!history.isEmpty()) {
            out.printf("%nalias history%n");
            for (JsonNode e : history) {
                out.printf("  %-19s  %-10s %s -> %d  by %s: %s%n", Fields.time(e, "at"), e.path("alias").asText(),
                        e.hasNonNull("fromVersion") ? e.get("fromVersion").asText() : "-", e.path("toVersion").asInt(),
                        Fields.text(e, "actor", "-"), Fields.text(e, "reason", ""));
            }
            printOmitted(history.size(), model.path("aliasMoveCount").asLong(), "alias moves");
        }
    }

    private void printOmitted(int shown, long count, String what) {
        if (shown < count) {
            io.out().printf("  (the newest %d of %d %s; --limit shows more)%n", shown, count, what);
        }
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
