package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs a client command line in-process against the platform at a URL, as {@code ./recflow} would. */
public final class CliRun {

    private final Map<String, String> env;

    public CliRun(String url) {
        this.env = Map.of("RECFLOW_URL", url);
    }

    /** Commands signed with {@code token}, given as {@code RECFLOW_TOKEN}. */
    public CliRun(String url, String token) {
        this.env = Map.of("RECFLOW_URL", url, "RECFLOW_TOKEN", token);
    }

    /** What a command printed and its exit code. */
    public record Result(int code, String out, String err) {

        public JsonNode json() throws IOException {
            return RecflowApi.JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public Result run(String... args) {
        return runWithStdin("", args);
    }

    public Result runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RecflowCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
