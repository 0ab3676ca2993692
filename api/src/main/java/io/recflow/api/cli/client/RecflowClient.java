package io.recflow.api.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client half of {@code ./recflow}: subcommands that talk to a running platform over its REST API
 * and never start Quarkus or any infrastructure. The base URL is {@code --url}, else {@code RECFLOW_URL},
 * else {@code http://localhost:8080}. Exit codes: 0 success, 1 failure (the API's problem detail is
 * printed as {@code error: ...}), 2 usage error.
 */
public final class RecflowClient {

    public static final String DEFAULT_URL = "http://localhost:8080";

    /** The first arguments that make the launcher a client rather than a server. */
    public static final Set<String> COMMANDS = Set.of("pipeline", "lineage", "models", "promote", "rollback",
            "recommend");

    public static final String USAGE = """
            client commands (talk to a running platform; --url URL or RECFLOW_URL, default http://localhost:8080):
                   recflow pipeline start|status|watch|list|cancel|approve|reject   run and steer pipelines
                   recflow lineage ARTIFACT_ID|MODEL:VERSION [--downstream] [--depth N]
                   recflow models [NAME]                        registered models, or one model's versions and aliases
                   recflow promote NAME VERSION --reason R      make VERSION the champion
                   recflow rollback NAME VERSION --reason R     move the champion back to VERSION
                   recflow recommend NAME ITEM... [-k N]        top-k items for a history, from the served champion
            every command takes --help, --json (the API's JSON, for scripts) and --url URL
            """;

    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    final Map<String, String> env;

    public RecflowClient(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
    }

    public static boolean handles(String... args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs a client command line (its first argument is one of {@link #COMMANDS}); returns the exit code. */
    public int run(String... args) {
        List<String> list = Arrays.asList(args);
        List<String> rest = list.subList(1, list.size());
        try {
            return switch (list.get(0)) {
                case "pipeline" -> new PipelineCommands(this).run(rest);
                case "lineage" -> new LineageCommand(this).run(rest);
                case "models" -> new ModelCommands(this).models(rest);
                case "promote" -> new ModelCommands(this).move("promote", rest);
                case "rollback" -> new ModelCommands(this).move("rollback", rest);
                case "recommend" -> new RecommendCommand(this).run(rest);
                default -> throw new CliException.Usage("unknown command '" + list.get(0) + "'", USAGE);
            };
        } catch (CliException.Usage e) {
            err.println("error: " + e.getMessage());
            if (e.usage != null) {
                err.print(e.usage);
            }
            return e.exitCode();
        } catch (CliException e) {
            err.println("error: " + e.getMessage());
            e.details.forEach(d -> err.println("  - " + d));
            return e.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Prints {@code usage} and returns true when the command line asks for help. */
    boolean help(Args args, String usage) {
        if (args.help()) {
            out.print(usage);
            return true;
        }
        return false;
    }

    Api api(Args args) {
        String url = args.value("--url");
        if (url == null || url.isBlank()) {
            url = env.getOrDefault("RECFLOW_URL", "");
        }
        return new Api(url.isBlank() ? DEFAULT_URL : url);
    }

    void printJson(JsonNode node) {
        try {
            out.println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print JSON: " + e.getMessage());
        }
    }

    /** A text field, or {@code fallback} when it is missing or null. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    /** An instant as "2026-01-02 10:11:12" (UTC); "-" when missing. */
    static String time(JsonNode node, String field) {
        String value = text(node, field, "-");
        if (value.length() >= 19 && value.charAt(10) == 'T') {
            return value.substring(0, 10) + " " + value.substring(11, 19);
        }
        return value;
    }
}
