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

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow token create|list|revoke|whoami}: API tokens (an admin's job, but whoami). */
@Command(name = "token", description = {"API tokens: create, list, revoke; who am I",
        "A token signs in as its name with one role: viewer (read), runner (start and cancel pipelines, schedules), "
                + "approver (approve, promote, roll back), admin (everything, tokens, foundation-model imports) or "
                + "client (recommendations only). Its secret is printed once and stored only as a slow hash."})
final class TokenCommand implements Callable<Integer> {

    private static final String PATH = "/api/v1/tokens";

    private final StandardStreams io;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    TokenCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a subcommand");
    }

    @Command(name = "create", description = "creates a token and prints it, this once, on standard output")
    int create(@Option(names = "--name", required = true, paramLabel = "N",
                       description = "who signs in with it (letters, digits, . _ @ -)") String name,
               @Option(names = "--role", required = true, paramLabel = "R",
                       description = "viewer, runner, approver, admin or client") String role,
               @Option(names = "--expires-in-days", paramLabel = "D",
                       description = "days until it expires (default 90; 0: never)") Integer days,
               @Mixin ClientOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("role", role);
        if (days != null) {
            body.put("expiresInDays", days);
        }
        JsonNode created = options.api().post(PATH, body).json();
        if (options.json) {
            io.printJson(created);
            return 0;
        }
        // The token alone on standard output, so `TOKEN=$(recflow token create ...)` works; the rest to stderr.
        io.out().println(created.path("token").asText());
        JsonNode details = created.path("details");
        io.err().printf("token %s (id %s, role %s) expires %s; it is shown only now%n", details.path("name").asText(),
                details.path("id").asText(), details.path("role").asText(), Fields.time(details, "expiresAt")
                        .equals("-") ? "never" : Fields.time(details, "expiresAt"));
        return 0;
    }

    @Command(name = "list", description = "every token: name, role, status, who created it, expiry (never secrets)")
    int list(@Mixin ClientOptions options) {
        JsonNode tokens = options.api().get(PATH).json();
        if (options.json) {
            io.printJson(tokens);
            return 0;
        }
        PrintStream out = io.out();
        out.printf("%-16s %-20s %-9s %-8s %-12s %-19s  %s%n", "ID", "NAME", "ROLE", "STATUS", "CREATED BY",
                "CREATED", "EXPIRES");
        for (JsonNode t : tokens) {
            out.printf("%-16s %-20s %-9s %-8s %-12s %-19s  %s%n", t.path("id").asText(), t.path("name").asText(),
                    t.path("role").asText(), t.path("status").asText(), t.path("createdBy").asText(),
                    Fields.time(t, "createdAt"), Fields.time(t, "expiresAt"));
        }
        return 0;
    }

    @Command(name = "revoke", description = "revokes a live token at once")
    int revoke(@Parameters(paramLabel = "ID|NAME", description = "the token's id or name") String idOrName,
               @Mixin ClientOptions options) {
        JsonNode revoked = options.api().delete(PATH + "/" + RecflowApi.encode(idOrName)).json();
        if (options.json) {
            io.printJson(revoked);
        } else {
            io.out().printf("revoked token %s (id %s)%n", revoked.path("name").asText(), revoked.path("id").asText());
        }
        return 0;
    }

    @Command(name = "whoami", description = "who the token signs in as, its role and permissions")
    int whoAmI(@Mixin ClientOptions options) {
        JsonNode me = options.api().get("/api/v1/whoami").json();
        if (options.json) {
            io.printJson(me);
        } else {
            io.out().printf("%s (role %s, signed in with %s): %s%n", me.path("name").asText(),
                    me.path("role").asText(), me.path("signedInWith").asText("token"),
                    String.join(", ", RecflowApi.JSON.convertValue(me.path("permissions"), String[].class)));
        }
        return 0;
    }
}
