package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code recflow audit}: who started, cancelled, approved, moved or changed what, newest first. */
@Command(name = "audit", description = {"the audit log: who did what, newest first",
        "Every start, cancel, approval, rejection, alias move, schedule change, import and token change, with the "
                + "signed-in principal that made it."})
final class AuditCommand implements Callable<Integer> {

    private final StandardStreams io;

    @Option(names = "--target", paramLabel = "T", description = "only this run id, model:alias, schedule:ID or token:NAME")
    String target;

    @Option(names = "--principal", paramLabel = "P", description = "only what P did")
    String principal;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most N (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    ClientOptions options;

    AuditCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder("/api/v1/audit?limit=" + limit);
        if (target != null) {
            query.append("&target=").append(RecflowApi.encode(target));
        }
        if (principal != null) {
            query.append("&principal=").append(RecflowApi.encode(principal));
        }
        JsonNode events = options.api().get(query.toString()).json();
        if (options.json) {
            io.printJson(events);
            return 0;
        }
        PrintStream out = io.out();
        out.printf("%-19s  %-16s %-9s %-18s %-44s %s%n", "AT", "PRINCIPAL", "ROLE", "ACTION", "TARGET", "DETAIL");
        for (JsonNode e : events) {
            out.printf("%-19s  %-16s %-9s %-18s %-44s %s%n", Fields.time(e, "at"), e.path("principal").asText(),
                    e.path("role").asText(), e.path("action").asText(), e.path("target").asText(),
                    e.path("detail").asText());
        }
        return 0;
    }
}
