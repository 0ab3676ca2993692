package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Points an alias of a model (the champion, unless {@code --alias}) at a version, with a reason for the alias's
 * audit log (which records the token's principal as who moved it). {@link PromoteCommand} and {@link RollbackCommand} are this move under the
 * name a person thinks of.
 */
abstract class AliasMoveCommand implements Callable<Integer> {

    private final StandardStreams io;

    @Parameters(index = "0", paramLabel = "NAME", description = "the model NAME")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "the VERSION")
    int version;

    @Option(names = "--reason", required = true, paramLabel = "R", description = "why, for the audit log")
    String reason;

    @Option(names = "--alias", paramLabel = "ALIAS", defaultValue = "champion",
            description = "the alias to move (default: ${DEFAULT-VALUE})")
    String alias;

    @Mixin
    ClientOptions options;

    AliasMoveCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("reason", reason);
        JsonNode move = options.api().post("/api/v1/models/" + RecflowApi.encode(name) + "/aliases/"
                + RecflowApi.encode(alias), body).json();
        if (options.json) {
            io.printJson(move);
        } else if (!move.path("changed").asBoolean(true)) {
            io.out().printf("%s: %s already points at version %d%n", name, alias, version);
        } else {
            io.out().printf("%s: %s %s -> %d%n", name, alias,
                    move.hasNonNull("fromVersion") ? "version " + move.get("fromVersion").asInt() : "(unset)",
                    move.path("toVersion").asInt(version));
        }
        return 0;
    }
}
