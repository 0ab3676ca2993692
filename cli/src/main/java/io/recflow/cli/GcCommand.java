package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow gc}: deletes the artifacts nothing needs any more (admins), or lists them with --dry-run. */
@Command(name = "gc", description = {"deletes artifacts no longer needed, and says how much that frees",
        "Checkpoints of finished runs, outputs of failed runs and of runs whose model was never registered, results "
                + "of step cache entries unused since; never what a registered model version was made from, what a "
                + "run in flight uses, a cache entry used since, or an imported foundation model."})
final class GcCommand implements Callable<Integer> {

    private final StandardStreams io;

    @Option(names = "--dry-run", description = "only list what would be deleted")
    boolean dryRun;

    @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "7d",
            description = "only artifacts made more than AGE ago: 7d, 12h, 30m, 0s or P7D (default ${DEFAULT-VALUE})")
    String olderThan;

    @Mixin
    ClientOptions options;

    GcCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("dryRun", dryRun);
        request.put("olderThan", olderThan);
        JsonNode collection = options.api().post("/api/v1/gc", request).json();
        if (options.json) {
            io.printJson(collection);
            return 0;
        }
        PrintStream out = io.out();
        for (JsonNode a : collection.path("artifacts")) {
            out.printf("%-14s %10s  %-44s %s%n", a.path("ref").path("kind").asText(),
                    Fields.bytes(a.path("ref").path("size").asLong()), a.path("runs").asText("-"), a.path("why").asText());
        }
        out.printf("%s %d artifacts, %s, made more than %s ago%n", dryRun ? "would delete" : "deleted",
                collection.path("count").asInt(), Fields.bytes(collection.path("bytes").asLong()), olderThan);
        return 0;
    }
}
