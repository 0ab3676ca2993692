package io.recflow.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client commands' side of the contract, with no platform behind them: help on every command, usage
 * errors (exit 2), failures (exit 1) and how the API's problems are printed. Against a real platform:
 * the api module's {@code RecflowCliPlatformTest}.
 */
class RecflowCliTest {

    /** Nothing listens there: every command that gets as far as asking fails to reach it. */
    private final CliRun cli = new CliRun("http://localhost:1");

    /** A command listed in a help text: two spaces, its name, two spaces or more, what it does. */
    private static final Pattern LISTED = Pattern.compile("(?m)^  ([a-z][a-z-]*)  ");

    @Test
    void everyCommandHasHelpAndUsageErrorsExitWith2() {
        List<List<String>> commands = subcommands(List.of(), RecflowCli.summary());
        assertTrue(commands.size() > 30, "every command and subcommand, read from the help itself: " + commands);
        assertTrue(commands.contains(List.of("foundation", "import")), commands::toString);
        for (List<String> command : commands) {
            CliRun.Result help = help(command);
            assertEquals(0, help.code(), help::toString);
            assertTrue(help.out().startsWith("usage: recflow " + String.join(" ", command)), help::toString);
        }
        CliRun.Result missing = cli.run("pipeline");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().startsWith("error: missing a subcommand\nusage: recflow pipeline"), missing::toString);

        CliRun.Result unknown = cli.run("pipeline", "frobnicate");
        assertEquals(2, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("error: unknown pipeline subcommand 'frobnicate'"), unknown::toString);

        CliRun.Result option = cli.run("models", "--verbose");
        assertEquals(2, option.code(), option::toString);
        assertTrue(option.err().contains("error: unknown option '--verbose'"), option::toString);

        CliRun.Result noReason = cli.run("promote", "movies", "2");
        assertEquals(2, noReason.code(), noReason::toString);
        assertTrue(noReason.err().contains("error: --reason is required"), noReason::toString);

        CliRun.Result noHistory = cli.run("recommend", "movies");
        assertEquals(2, noHistory.code(), noHistory::toString);
        assertTrue(noHistory.err().contains("error: missing the history"), noHistory::toString);

        CliRun.Result depth = cli.run("lineage", "4", "--depth", "many");
        assertEquals(2, depth.code(), depth::toString);
        assertTrue(depth.err().contains("--depth must be a whole number"), depth::toString);
    }

    /** The commands {@code help} lists under {@code parent}, and theirs in turn, depth first. */
    private List<List<String>> subcommands(List<String> parent, String help) {
        int listed = parent.isEmpty() ? 0 : help.indexOf("Commands:");
        List<List<String>> found = new ArrayList<>();
        if (listed < 0) {
            return found;
        }
        Matcher names = LISTED.matcher(help.substring(listed));
        while (names.find()) {
            List<String> command = new ArrayList<>(parent);
            command.add(names.group(1));
            found.add(command);
            found.addAll(subcommands(command, help(command).out()));
        }
        return found;
    }

    private CliRun.Result help(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void anUnreachablePlatformIsAFailureWithExit1() {
        CliRun.Result unreachable = cli.run("models", "--url", "http://localhost:1");
        assertEquals(1, unreachable.code(), unreachable::toString);
        assertTrue(unreachable.err().startsWith("error: cannot reach recflow at http://localhost:1"),
                unreachable::toString);
    }

    /** A token pasted with a typographic quote, a key with a dash of the same kind: said, never echoed. */
    @Test
    void aHeaderValueHttpCannotCarryIsAFailureThatDoesNotPrintIt(@TempDir Path dir) throws IOException {
        String token = "rft_secret-part\u201d";
        CliRun.Result badToken = cli.run("models", "--token", token);
        assertEquals(1, badToken.code(), badToken::toString);
        assertTrue(badToken.err().startsWith("error: the API token has a character no HTTP header can carry: U+201D at"
                + " position 16"), badToken::toString);
        assertFalse(badToken.err().contains("secret"), badToken::toString);

        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"model\": \"m\"}");
        CliRun.Result badKey = cli.run("pipeline", "start", "--spec", spec.toString(), "--idempotency-key",
                "nightly\u20131");
        assertEquals(1, badKey.code(), badKey::toString);
        assertTrue(badKey.err().startsWith("error: Idempotency-Key has a character no HTTP header can carry: U+2013"),
                badKey::toString);

        CliRun.Result notHttp = cli.run("models", "--url", "httpx://localhost:8080");
        assertEquals(2, notHttp.code(), notHttp::toString);
        assertTrue(notHttp.err().contains("--url must be an http(s) URL"), notHttp::toString);
    }

    @Test
    void aSpecThatIsNotThereOrNotJsonIsRefusedBeforeAsking(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"model\": ");
        CliRun.Result notJson = cli.run("pipeline", "start", "--spec", spec.toString());
        assertEquals(1, notJson.code(), notJson::toString);
        assertTrue(notJson.err().startsWith("error: " + spec + " is not valid JSON"), notJson::toString);

        CliRun.Result noFile = cli.run("pipeline", "start", "--spec", spec + ".missing");
        assertEquals(1, noFile.code(), noFile::toString);
        assertTrue(noFile.err().contains("there is no spec file"), noFile::toString);
    }

    @Test
    void aProblemFromTheApiIsItsDetailAndEachOfItsErrors() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] problem = """
                    {"title": "Bad Request", "status": 400, "detail": "the spec has 2 problems",
                     "errors": ["model: must not be blank", "data.uri: must be file:// or s3://"]}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(400, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        server.start();
        try {
            CliRun.Result refused = new CliRun("http://127.0.0.1:" + server.getAddress().getPort())
                    .runWithStdin("{\"model\": \"\"}", "pipeline", "start", "--spec", "-");
            assertEquals(1, refused.code(), refused::toString);
            assertEquals("""
                    error: the spec has 2 problems
                      - model: must not be blank
                      - data.uri: must be file:// or s3://
                    """, refused.err(), refused::toString);
            assertEquals("", refused.out(), refused::toString);
        } finally {
            server.stop(0);
        }
    }
}
