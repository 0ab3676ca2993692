package io.recflow.api.cli;

import io.recflow.api.access.Role;
import io.recflow.api.access.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.pipelines.PipelineClient;
import io.recflow.cli.CliRun;
import io.recflow.cli.CliRun.Result;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client subcommands of {@code ./recflow} (module cli), run in-process against the test platform: what
 * a person reads, what a script parses ({@code --json}), and the exit codes of the API's answers (0 ok,
 * 1 failure). Help and usage errors need no platform: the cli module's own tests.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecflowCliPlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL url;

    private Result run(String... args) {
        return new CliRun(url.toString(), TestTokens.admin()).run(args);
    }

    private Result runWithStdin(String stdin, String... args) {
        return new CliRun(url.toString(), TestTokens.admin()).runWithStdin(stdin, args);
    }

    @Test
    @Order(1)
    void tokensAreMadeListedAndRevokedFromTheCommandLine() {
        Result created = run("token", "create", "--name", "cli-made", "--role", "viewer", "--expires-in-days", "3");
        assertEquals(0, created.code(), created::toString);
        String token = created.out().strip();  // alone on stdout, for TOKEN=$(recflow token create ...)
        assertTrue(token.startsWith("rft_") && !token.contains(" "), created::toString);
        assertTrue(created.err().contains("(id ") && created.err().contains("role viewer")
                && created.err().contains("shown only now"), created::toString);

        CliRun asViewer = new CliRun(url.toString(), token);
        Result me = asViewer.run("token", "whoami");
        assertEquals("cli-made (role viewer, signed in with token): read", me.out().strip(), me::toString);
        Result list = run("token", "list");
        assertTrue(list.out().contains("cli-made") && !list.out().contains(token.substring(22)), list::toString);
        Result notAdmin = asViewer.run("token", "list");
        assertEquals(1, notAdmin.code(), notAdmin::toString);
        assertTrue(notAdmin.err().contains("it needs permission admin"), notAdmin::toString);
        // Help never shows the token it would use.
        Result help = run("token", "create", "--help");
        assertTrue(!help.out().contains(TestTokens.admin()) && help.out().contains("RECFLOW_TOKEN"), help::toString);

        assertEquals(0, run("token", "revoke", "cli-made").code());
        Result revoked = asViewer.run("token", "whoami");
        assertEquals(1, revoked.code(), revoked::toString);
        assertTrue(revoked.err().contains("unknown, expired or revoked"), revoked::toString);
        assertTrue(run("audit", "--target", "token:cli-made").out().contains("token.revoke"));
    }

    @Test
    @Order(2)
    void aProblemFromTheApiIsPrintedAsAnErrorWithExit1() {
        Result status = run("pipeline", "status", "nope");
        assertEquals(1, status.code(), status::toString);
        assertTrue(status.err().startsWith("error: there is no pipeline nope"), status::toString);
        assertEquals("", status.out());

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

        Result fromStdin = runWithStdin("{\"model\": \"Not A Name!\"}", "pipeline", "start", "--spec", "-");
        assertEquals(1, fromStdin.code(), fromStdin::toString);
        assertTrue(fromStdin.err().startsWith("error: "), fromStdin::toString);

        Result typo = runWithStdin("{\"model\": \"m\", \"training\": {\"pretrainEpoch\": 1}}", "pipeline", "start",
                "--spec", "-");
        assertEquals(1, typo.code(), typo::toString);
        assertTrue(typo.err().startsWith("error: unknown field 'training.pretrainEpoch'"), typo::toString);
        assertTrue(typo.err().contains("\n  - training.pretrainEpoch: unknown field; did you mean 'pretrainEpochs'?"),
                typo::toString);
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

        // Four eyes: the admin who started it may not approve it; ana, an approver, may.
        Result own = run("pipeline", "approve", id, "--reason", "my own");
        assertEquals(1, own.code(), own::toString);
        assertTrue(own.err().contains("four-eyes approval: admin started " + id), own::toString);
        Result approve = new CliRun(url.toString(), TestTokens.of("ana", Role.APPROVER))
                .run("pipeline", "approve", id, "--reason", "looks good");
        assertEquals(0, approve.code(), approve::toString);
        assertTrue(approve.out().startsWith("approved " + id), approve::toString);
        assertTrue(run("audit", "--target", id).out().lines()
                .anyMatch(l -> l.contains("ana") && l.contains("pipeline.approve")), () -> run("audit").toString());

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

    @Test
    @Order(6)
    void aSweepFromTheCommandLine() throws IOException {
        PipelineClient.SmallData data = PipelineClient.smallDataset("cli-sweep", 13);
        String request = JSON.writeValueAsString(java.util.Map.of("spec",
                PipelineClient.spec("cli-sweep", data.folder(), 0.01), "runs",
                java.util.List.of(java.util.Map.of("training", java.util.Map.of("rank", 2)),
                        java.util.Map.of("training", java.util.Map.of("rank", 4)))));
        Result started = runWithStdin(request, "sweep", "start", "--request", "-", "--watch");
        assertEquals(0, started.code(), started::toString);
        String id = started.out().lines().findFirst().orElseThrow().split(" ")[1];
        assertTrue(started.out().startsWith("started " + id + " (2 configurations, 2 at a time)"), started::toString);
        assertTrue(started.out().contains("training.rank=2"), started::toString);
        assertTrue(started.out().contains("* offered to promotion (best validation full-ranking/NDCG@10)"),
                started::toString);

        Result status = run("sweep", "status", id, "--json");
        assertEquals(0, status.code(), status::toString);
        assertEquals("COMPLETED", status.json().get("status").asText());
        assertEquals(2, status.json().get("children").size());
        Result list = run("sweep", "list", "--status", "completed");
        assertTrue(list.out().contains(id), list::toString);
        Result late = run("sweep", "cancel", id);
        assertEquals(1, late.code(), "a finished sweep cannot be cancelled: " + late);
    }
}
