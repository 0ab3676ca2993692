package io.recflow.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code recflow recommend NAME ITEM... [-k N]}: the served champion's top-k for a history. */
final class RecommendCommand {

    static final String USAGE = """
            usage: recflow recommend NAME ITEM... [-k N] [--candidates ID,ID,...] [--json] [--url URL]
              asks the served champion of model NAME for the N (default 10) items most likely to come after
              the history ITEM... (item ids, oldest first); --candidates ranks only those item ids
            """;

    private final RecflowClient client;

    RecommendCommand(RecflowClient client) {
        this.client = client;
    }

    int run(List<String> argv) {
        Args args = Args.parse(argv, Set.of("-k", "--k", "--candidates"), Set.of(), USAGE);
        if (client.help(args, USAGE)) {
            return 0;
        }
        if (args.positional.isEmpty()) {
            throw new CliException.Usage("missing the model NAME", USAGE);
        }
        if (args.positional.size() < 2) {
            throw new CliException.Usage("missing the history: one or more ITEM ids", USAGE);
        }
        String name = args.positional.get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("history", args.positional.subList(1, args.positional.size()));
        body.put("k", args.intValue(args.value("-k") != null ? "-k" : "--k", 10, USAGE));
        if (args.value("--candidates") != null) {
            body.put("candidates", Arrays.stream(args.value("--candidates").split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList());
        }
        JsonNode answer = client.api(args).post("/api/v1/models/" + Api.encode(name) + "/recommendations", body);
        if (args.flag("--json")) {
            client.printJson(answer);
            return 0;
        }
        client.out.printf("%s:%d recommends%n", answer.path("model").asText(), answer.path("version").asInt());
        client.out.printf("  %4s  %-12s %-40s %10s%n", "RANK", "ITEM", "TITLE", "LOG-PROB");
        int rank = 1;
        for (JsonNode item : answer.path("items")) {
            client.out.printf("  %4d  %-12s %-40s %10.3f%n", rank++, item.path("item").asText(),
                    RecflowClient.text(item, "title", ""), item.path("score").asDouble());
        }
        return 0;
    }
}
