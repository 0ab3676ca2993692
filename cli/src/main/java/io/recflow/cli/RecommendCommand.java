package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow recommend NAME ITEM... [-k N]}: the served champion's top-k for a history. */
@Command(name = "recommend", description = "top-k items for a history, from the served champion of model NAME")
final class RecommendCommand implements Callable<Integer> {

    private final StandardStreams io;

    @Parameters(index = "0", paramLabel = "NAME", description = "the model NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ITEM",
            description = "the history: one or more ITEM ids, oldest first")
    List<String> history;

    @Option(names = {"-k", "--k"}, paramLabel = "N", defaultValue = "10",
            description = "how many items (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--candidates", paramLabel = "ID,ID,...", description = "rank only these item ids")
    String candidates;

    @Option(names = "--method", paramLabel = "likelihood|generation",
            description = "for a model on a language model, with --candidates: rank by likelihood (default), or let"
                    + " it generate its choice")
    String method;

    @Mixin
    ClientOptions options;

    RecommendCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("history", history);
        body.put("k", k);
        if (candidates != null) {
            body.put("candidates", Arrays.stream(candidates.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList());
        }
        if (method != null) {
            body.put("method", method);
        }
        JsonNode answer = options.api().post("/api/v1/models/" + RecflowApi.encode(name) + "/recommendations", body)
                .json();
        if (options.json) {
            io.printJson(answer);
            return 0;
        }
        io.out().printf("%s:%d recommends%n", answer.path("model").asText(), answer.path("version").asInt());
        if (answer.has("answer")) {
            io.out().printf("  answered \"%s\"%s%n", answer.path("answer").asText(),
                    answer.path("items").isEmpty() ? ", which names no single candidate" : "");
        }
        io.out().printf("  %4s  %-12s %-40s %10s%n", "RANK", "ITEM", "TITLE", "LOG-PROB");
        int rank = 1;
        for (JsonNode item : answer.path("items")) {
            io.out().printf("  %4d  %-12s %-40s %10.3f%n", rank++, item.path("item").asText(),
                    Fields.text(item, "title", ""), item.path("score").asDouble());
        }
        return 0;
    }
}
