package io.recflow.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.pipelines.PipelineClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client subcommands of {@code ./recflow}, run in-process against the test platform: what a person
 * reads, what a script parses ({@code --json}), and the exit codes (0 ok, 1 failure, 2 usage).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecflowClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    record Result(int code, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result run(String... args) {
        return runWithStdin("", args);
    }

    private Result runWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RecflowClient(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Map.of("RECFLOW_URL", url.toString())).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void everyCommandHasHelpAndUsageErrorsExitWith2() {
        for (String[] command : List.of(new String[]{"pipeline"}, new String[]{"pipeline", "start"},
                new String[]{"pipeline", "status"}, new String[]{"pipeline", "watch"}, new String[]{"pipeline", "list"},
                new String[]{"pipeline", "cancel"}, new String[]{"pipeline", "approve"},
                new String[]{"pipeline", "reject"}, new String[]{"lineage"}, new String[]{"models"},
                new String[]{"promote"}, new String[]{"rollback"}, new String[]{"recommend"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            Result help = run(args.toArray(String[]::new));
            assertEquals(0, help.code(), help::toString);
            assertTrue(help.out().startsWith("usage: recflow " + command[0]), help::toString);
        }
        Result missing = run("pipeline");
        assertEquals(2, missing.code(), missing::toString);
        assertTrue(missing.err().startsWith("error: missing a subcommand\nusage: recflow pipeline"), missing::toString);

        Result unknown = run("pipeline", "frobnicate");
        assertEquals(2, unknown.code(), unknown::toString);
        assertTrue(unknown.err().contains("error: unknown pipeline subcommand 'frobnicate'"), unknown::toString);

        Result option = run("models", "--verbose");
        assertEquals(2, option.code(), option::toString);
        assertTrue(option.err().contains("error: unknown option '--verbose'"), option::toString);

        Result noReason = run("promote", "movies", "2");
        assertEquals(2, noReason.code(), noReason::toString);
        assertTrue(noReason.err().contains("error: --reason is required"), noReason::toString);

        Result noHistory = run("recommend", "movies");
        assertEquals(2, noHistory.code(), noHistory::toString);
        assertTrue(noHistory.err().contains("error: missing the history"), noHistory::toString);

        Result depth = run("lineage", "4", "--depth", "many");
        assertEquals(2, depth.code(), depth::toString);
        assertTrue(depth.err().contains("--depth must be a whole number"), depth::toString);
    }

    @Test
    @Order(2)
    void aProblemFromTheApiIsPrintedAsAnErrorWithExit1() {
        Result status = run("pipeline", "status", "nope");
        assertEquals(1, status.code(), status::toString);
        assertTrue(status.err().startsWith("error: there is no pipeline nope"), status::toString);
        assertEquals("", status.out());

        Result unreachable = run("models", "--url", "http://localhost:1");
        assertEquals(1, unreachable.code(), unreachable::toString);
        assertTrue(unreachable.err().startsWith("error: cannot reach recflow at http://localhost:1"),
                unreachable::toString);

        Result rollback = run("rollback", "no-such-model", "1", "--reason", "test");
        assertEquals(1, rollback.code(), rollback::toString);
        assertTrue(rollback.err().startsWith("error: "), rollback::toString);
    }

    @Test
    @Order(3)
    void anInvalidSpecListsEveryError() throws IOException {
        Path spec = Files.createTempFile("spec", ".json");
        Files.writeString(spec, """
                {"model": "", "data": {"uri": "ftp://nowhere"}, "training": {"pretrainEpochs": -1}}
                """);
        Result invalid = run("pipeline", "start", "--spec", spec.toString());
        assertEquals(1, invalid.code(), invalid::toString);
        assertTrue(invalid.err().startsWith("error: "), invalid::toString);
        assertTrue(invalid.err().lines().filter(l -> l.startsWith("  - ")).count() >= 2, invalid::toString);

        Files.writeString(spec, "{\"model\": ");
        Result notJson = run("pipeline", "start", "--spec", spec.toString());
        assertEquals(1, notJson.code(), notJson::toString);
        assertTrue(notJson.err().startsWith("error: " + spec + " is not valid JSON"), notJson::toString);

        Result noFile = run("pipeline", "start", "--spec", spec + ".missing");
        assertEquals(1, noFile.code(), noFile::toString);
        assertTrue(noFile.err().contains("there is no spec file"), noFile::toString);

        Result fromStdin = runWithStdin("{\"model\": \"Not A Name!\"}", "pipeline", "start", "--spec", "-");
        assertEquals(1, fromStdin.code(), fromStdin::toString);
        assertTrue(fromStdin.err().startsWith("error: "), fromStdin::toString);
    }

    @Test
    @Order(4)
    void aRunFromStartToApprovalThroughTheCli() throws IOException {
        PipelineClient.SmallData data = PipelineClient.smallDataset("cli-data", 11);
        Map<String, Object> spec = new HashMap<>(PipelineClient.spec("cli", data.folder(), 0.01));
        spec.put("promotion", Map.of("requireApproval", true));
        String specJson = JSON.writeValueAsString(spec);

        // start and watch until it waits for a person
        Result started = runWithStdin(specJson, "pipeline", "start", "--spec", "-", "--watch",
                "--idempotency-key", "cli-test-1");
        assertEquals(0, started.code(), started::toString);
        assertTrue(started.out().contains("WAITING_APPROVAL"), started::toString);
        assertTrue(started.out().contains("decide with: recflow pipeline approve|reject"), started::toString);
        String id = started.out().lines().filter(l -> l.startsWith("started ")).findFirst().orElseThrow()
                .split(" ")[1];

        // the same key gives the same run; --json is the API's JSON
        Result again = runWithStdin(specJson, "pipeline", "start", "--spec", "-", "--idempotency-key", "cli-test-1",
                "--json");
        assertEquals(0, again.code(), again::toString);
        assertEquals(id, again.json().get("id").asText());

        Result list = run("pipeline", "list", "--status", "waiting_approval", "--json");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.json().isArray());
        assertTrue(list.json().findValuesAsText("id").contains(id), list::toString);

        Result approve = run("pipeline", "approve", id, "--reason", "looks good", "--actor", "ana");
        assertEquals(0, approve.code(), approve::toString);
        assertTrue(approve.out().startsWith("approved " + id + " as ana"), approve::toString);

        Result watch = run("pipeline", "watch", id);
        assertEquals(0, watch.code(), watch::toString);
        assertTrue(watch.out().contains(id + " COMPLETED"), watch::toString);
        assertTrue(watch.out().contains("model version: cli:1"), watch::toString);

        Result status = run("pipeline", "status", id);
        assertEquals(0, status.code(), status::toString);
        assertTrue(status.out().contains("STAGE") && status.out().contains("promotion: promoted to champion"),
                status::toString);
        JsonNode statusJson = run("pipeline", "status", id, "--json").json();
        assertEquals("COMPLETED", statusJson.get("status").asText());

        // the registry
        Result models = run("models");
        assertEquals(0, models.code(), models::toString);
        assertTrue(models.out().lines().anyMatch(l -> l.startsWith("cli ") && l.contains("champion=1")),
                models::toString);
        JsonNode modelsJson = run("models", "--json").json();
        assertTrue(modelsJson.findValuesAsText("name").contains("cli"), modelsJson::toString);
        Result model = run("models", "cli");
        assertEquals(0, model.code(), model::toString);
        assertTrue(model.out().contains("champion=1") && model.out().contains("alias history"), model::toString);

        Result promote = run("promote", "cli", "1", "--reason", "again");
        assertEquals(0, promote.code(), promote::toString);
        assertTrue(promote.out().contains("cli: champion"), promote::toString);
        Result rollback = run("rollback", "cli", "7", "--reason", "no such version");
        assertEquals(1, rollback.code(), rollback::toString);
        assertTrue(rollback.err().startsWith("error: "), rollback::toString);

        // lineage of the model version, upstream to the data set
        Result lineage = run("lineage", "cli:1");
        assertEquals(0, lineage.code(), lineage::toString);
        assertTrue(lineage.out().startsWith("upstream lineage of artifact"), lineage::toString);
        assertTrue(lineage.out().contains("generated by step"), lineage::toString);
        long artifact = run("lineage", "cli:1", "--json").json().get("root").asLong();
        Result down = run("lineage", String.valueOf(artifact), "--downstream", "--depth", "1", "--json");
        assertEquals(0, down.code(), down::toString);
        assertEquals("DOWNSTREAM", down.json().get("direction").asText());

        // serving
        List<String> history = data.history(5);
        List<String> args = new ArrayList<>(List.of("recommend", "cli"));
        args.addAll(history);
        args.addAll(List.of("-k", "3"));
        Result recommend = run(args.toArray(String[]::new));
        assertEquals(0, recommend.code(), recommend::toString);
        assertTrue(recommend.out().startsWith("cli:1 recommends"), recommend::toString);
        args.add("--json");
        JsonNode recommendations = run(args.toArray(String[]::new)).json();
        assertEquals(3, recommendations.get("items").size(), recommendations::toString);
    }

    @Test
    @Order(5)
    void cancelARun() throws IOException {
        PipelineClient.SmallData data = PipelineClient.smallDataset("cli-cancel", 12);
        String spec = JSON.writeValueAsString(PipelineClient.spec("cli-cancel", data.folder(), 0.01));
        Result started = runWithStdin(spec, "pipeline", "start", "--spec", "-", "--json");
        assertEquals(0, started.code(), started::toString);
        String id = started.json().get("id").asText();
        Result cancel = run("pipeline", "cancel", id);
        assertEquals(0, cancel.code(), cancel::toString);
        assertTrue(cancel.out().startsWith("cancel requested for " + id), cancel::toString);
        Result watch = run("pipeline", "watch", id, "--json");
        assertEquals(1, watch.code(), watch::toString);
        assertEquals("CANCELED", watch.json().get("status").asText(), watch::toString);
    }
}
