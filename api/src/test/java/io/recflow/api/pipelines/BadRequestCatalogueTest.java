package io.recflow.api.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.api.access.TestTokens;
import io.restassured.RestAssured;
import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.recflow.api.pipelines.PipelineClient.dataDir;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad requests are refused at the door: each of these gets its status and a problem+json whose
 * {@code detail} (and, where there are several, {@code errors}) says what is wrong and where — and none of
 * them leaves anything behind: no run, no artifact, no lineage row, no registry change, no Temporal workflow.
 * Runs that fail inside (bad data) are {@link BadInputTest}'s.
 */
@QuarkusTest
class BadRequestCatalogueTest {

    private static final String JSON = "application/json";
    private static final String SHA256 = "a".repeat(64);
    /** Tables a request could write to: runs, lineage, registry, tokens and the audit log. */
    private static final List<String> TABLES = List.of("pipeline_run", "step", "used", "generated", "artifact",
            "model_version", "alias", "alias_event", "foundation_model", "api_token", "audit_event");

    @Inject
    DataSource database;
    @Inject
    ArtifactStore store;
    @Inject
    WorkflowServiceStubs temporal;
    @ConfigProperty(name = "recflow.temporal.namespace")
    String namespace;
    @Inject
    ObjectMapper platformJson;

    /** One bad request, and what must come back. */
    private record Case(String name, String method, String path, String contentType, Map<String, String> headers,
                        String body, int status, String detail, String error, boolean chunked) {

        Case header(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Case(name, method, path, contentType, more, body, status, detail, error, chunked);
        }

        /** Sent without a length, in chunks. */
        Case inChunks() {
            return new Case(name, method, path, contentType, headers, body, status, detail, error, true);
        }

        Case sentAs(String type) {
            return new Case(name, method, path, type, headers, body, status, detail, error, chunked);
        }

        /** The status, and text the detail must hold. */
        Case answers(int expectedStatus, String expectedDetail) {
            return new Case(name, method, path, contentType, headers, body, expectedStatus, expectedDetail, error,
                    chunked);
        }

        /** Text one of the problem's errors must hold. */
        Case listing(String expectedError) {
            return new Case(name, method, path, contentType, headers, body, status, detail, expectedError, chunked);
        }
    }

    private static Case post(String name, String path, String body) {
        return new Case(name, "POST", path, JSON, Map.of(), body, 0, null, null, false);
    }

    private static Case get(String name, String path) {
        return new Case(name, "GET", path, null, Map.of(), null, 0, null, null, false);
    }

    /** A spec that is valid but for its data section. */
    private static String specWithData(String data) {
        return "{\"model\": \"refused\", \"data\": " + data + "}";
    }

    private List<Case> catalogue() {
        String root = dataDir().toAbsolutePath().toString();
        String pipelines = "/api/v1/pipelines";
        String schedules = "/api/v1/schedules";
        String imports = "/api/v1/foundation-models";
        String recommend = "/api/v1/models/nobody/recommendations";
        return List.of(
                // ---------------------------------------------------------------- bodies that do not read
                post("not JSON", pipelines, "nope")
                        .answers(400, "not valid JSON for this endpoint at line 1, column 1: Unrecognized token 'nope'"),
                post("JSON cut short", pipelines, "{\"model\": \"refused\",\n \"data\": {")
                        .answers(400, "not valid JSON for this endpoint at line 2, column"),
                post("a list, not an object", pipelines, "[]")
                        .answers(400, "the request body at line 1, column 1 must be an object"),
                post("two values", pipelines, "{\"model\": \"refused\"} {\"model\": \"again\"}")
                        .answers(400, "must be an object: one JSON value, nothing after it"),
                post("a key twice", pipelines, "{\"model\": \"refused\", \"model\": \"other\"}")
                        .answers(400, "Duplicate field 'model'"),
                post("no body", pipelines, "")
                        .answers(400, "the request body must be a pipeline spec"),
                post("not sent as JSON", pipelines, specWithData("{}")).sentAs("application/x-www-form-urlencoded")
                        .answers(415, "must be JSON, sent with Content-Type: application/json"),
                post("too large", pipelines, "{\"model\": \"" + "x".repeat(2_000_000) + "\"}")
                        .answers(413, "at most 1048576 bytes are accepted (quarkus.http.limits.max-body-size)"),
                post("too large, in chunks", pipelines, "{\"model\": \"" + "x".repeat(2_000_000) + "\"}").inChunks()
                        .answers(413, "the chunked request body grew past 1048576 bytes"),
                post("a number as text", pipelines, "{\"model\": \"refused\",\n \"seed\": \"many\"}")
                        .answers(400, "field 'seed' at line 2, column 10 must be an integer, not \"many\"")
                        .listing("seed: must be an integer"),
                post("a section as text", pipelines, "{\"model\": \"refused\", \"data\": \"file:///d\"}")
                        .answers(400, "field 'data' at line 1, column 30 must be an object"),
                post("a list as text", pipelines, "{\"model\": \"refused\", \"training\": {\"compareAdapters\": \"lora\"}}")
                        .answers(400, "field 'training.compareAdapters' at line 1, column 54 must be a list"),

                // ---------------------------------------------------------------- who is asking
                get("not a bearer token", pipelines).header("Authorization", "Basic YWRtaW46YWRtaW4=")
                        .answers(401, "the Authorization header must be 'Bearer <token>'"),
                get("a token nobody made", pipelines).header("Authorization", "Bearer rft_0000000000000000_nope")
                        .answers(401, "the bearer token is unknown, expired or revoked"),
                post("a token with a role that is none", "/api/v1/tokens", "{\"name\": \"t\", \"role\": \"root\"}")
                        .answers(400, "role must be one of viewer, runner, approver, admin, client, got 'root'"),
                post("a token with a space in its name", "/api/v1/tokens", "{\"name\": \"a b\", \"role\": \"viewer\"}")
                        .answers(400, "name must be 1 to 100 letters, digits or . _ @ -"),
                post("a token for ever and a day", "/api/v1/tokens",
                        "{\"name\": \"t\", \"role\": \"viewer\", \"expiresInDays\": 99999}")
                        .answers(400, "expiresInDays must be in 0..3650 (0: never), got 99999"),
                post("a token with a typo", "/api/v1/tokens", "{\"name\": \"t\", \"rol\": \"viewer\"}")
                        .answers(400, "unknown field 'rol' at line 1, column 31: did you mean 'role'?"),

                // ---------------------------------------------------------------- fields no request has
                post("unknown field", pipelines, "{\"model\": \"refused\", \"bogus\": 1}")
                        .answers(400, "unknown field 'bogus' at line 1, column 32: the fields here are [cache, data,"
                                + " evaluation, model, promotion, seed, tokenizer, training]"),
                post("typo in training", pipelines, "{\"model\": \"refused\",\n \"training\": {\"pretrainEpoch\": 1}}")
                        .answers(400, "unknown field 'training.pretrainEpoch' at line 2, column 33: did you mean"
                                + " 'pretrainEpochs'?")
                        .listing("training.pretrainEpoch: unknown field; did you mean 'pretrainEpochs'?"),
                post("typo in data", pipelines, specWithData("{\"uri\": \"file:///d\", \"formt\": \"csv\"}"))
                        .answers(400, "unknown field 'data.formt'").listing("did you mean 'format'?"),
                post("case in tokenizer", pipelines, "{\"model\": \"refused\", \"tokenizer\": {\"codebooksize\": 8}}")
                        .answers(400, "unknown field 'tokenizer.codebooksize'").listing("did you mean 'codebookSize'?"),
                post("typo in evaluation", pipelines, "{\"model\": \"refused\", \"evaluation\": {\"maxUser\": 8}}")
                        .answers(400, "unknown field 'evaluation.maxUser'").listing("did you mean 'maxUsers'?"),
                post("swapped letters in promotion", pipelines,
                        "{\"model\": \"refused\", \"promotion\": {\"minGian\": 0.1}}")
                        .answers(400, "unknown field 'promotion.minGian'").listing("did you mean 'minGain'?"),
                post("typo in a schedule", schedules, "{\"id\": \"refused\", \"cronn\": \"0 3 * * *\"}")
                        .answers(400, "unknown field 'cronn'").listing("did you mean 'cron'?"),
                post("typo in a schedule's spec", schedules,
                        "{\"id\": \"refused\", \"spec\": {\"training\": {\"pretrainEpoch\": 1}}, \"cron\": \"0 3 * * *\"}")
                        .answers(400, "unknown field 'spec.training.pretrainEpoch'")
                        .listing("did you mean 'pretrainEpochs'?"),
                post("typo in a pause note", schedules + "/nightly/pause", "{\"nte\": \"maintenance\"}")
                        .answers(400, "unknown field 'nte'").listing("did you mean 'note'?"),
                post("a pause note that is not JSON", schedules + "/nightly/unpause", "maintenance")
                        .answers(400, "not valid JSON for this endpoint at line 1, column 1"),
                post("typo in an alias move", "/api/v1/models/nobody/aliases/champion",
                        "{\"version\": 1, \"reason\": \"r\", \"actr\": \"ana\"}")
                        .answers(400, "unknown field 'actr'").listing("did you mean 'actor'?"),
                post("typo in an approval", pipelines + "/pipeline-nope/approve", "{\"actor\": \"a\", \"resaon\": \"ok\"}")
                        .answers(400, "unknown field 'resaon'").listing("did you mean 'reason'?"),
                post("typo in a recommendation request", recommend, "{\"history\": [\"i1\"], \"candidatez\": []}")
                        .answers(400, "unknown field 'candidatez'").listing("did you mean 'candidates'?"),
                post("typo in a foundation-model import", imports, "{\"nmae\": \"smollm2-135m\"}")
                        .answers(400, "unknown field 'nmae'").listing("did you mean 'name'?"),
                post("typo in a playground request", imports + "/nobody/generate",
                        "{\"prompt\": \"hi\", \"maxTokenz\": 3}")
                        .answers(400, "unknown field 'maxTokenz'").listing("did you mean 'maxTokens'?"),

                // ---------------------------------------------------------------- URIs no run could read
                post("a file outside the allowed roots", pipelines, specWithData("{\"uri\": \"file:///etc/passwd\"}"))
                        .answers(400, "the pipeline spec is invalid: 1 problem(s)")
                        .listing("data.uri: file:///etc/passwd: is outside the allowed roots"),
                // a chunked body within the limit reaches the endpoint, which reads it whole
                post("a file outside the allowed roots, in chunks", pipelines,
                        specWithData("{\"uri\": \"file:///etc/passwd\"}")).inChunks()
                        .answers(400, "the pipeline spec is invalid: 1 problem(s)")
                        .listing("data.uri: file:///etc/passwd: is outside the allowed roots"),
                post("a way out of the root", pipelines, specWithData("{\"uri\": \"file://" + root + "/../../etc/passwd\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("is outside the allowed roots"),
                post("a symbolic link out of the root", pipelines,
                        specWithData("{\"uri\": \"file://" + root + "/refused-link/passwd\"}"))
                        .answers(400, "the pipeline spec is invalid")
                        .listing("resolves through a symbolic link to a path outside them"),
                post("the platform's admin token, which sits under the root", pipelines,
                        specWithData("{\"uri\": \"file://" + root + "/admin.token\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("admin.token: is the platform's own state"),
                post("the platform's database files", pipelines,
                        specWithData("{\"uri\": \"file://" + root + "/postgres/pg_hba.conf\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("is the platform's own state"),
                post("a file on another host", pipelines, specWithData("{\"uri\": \"file://fileserver/share/data\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.uri: file://fileserver/share/data:"
                                + " names the host 'fileserver'"),
                post("a path without a scheme", pipelines, specWithData("{\"uri\": \"/etc/passwd\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.uri: /etc/passwd: is not a URI with a"
                                + " scheme"),
                post("cloud metadata over http", pipelines,
                        specWithData("{\"uri\": \"http://169.254.169.254/latest/meta-data/\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.uri:"
                                + " http://169.254.169.254/latest/meta-data/: has the unsupported scheme 'http'"),
                post("a web page", pipelines, specWithData("{\"uri\": \"https://example.com/ratings.csv\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("has the unsupported scheme 'https'"),
                post("a bucket the endpoint does not have", pipelines, specWithData("{\"uri\": \"s3://other-bucket/x\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.uri: s3://other-bucket/x: names the"
                                + " bucket 'other-bucket', which does not exist"),
                post("items outside the roots", pipelines,
                        specWithData("{\"uri\": \"file://" + root + "/d\", \"itemsUri\": \"file:///etc/hosts\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.itemsUri: file:///etc/hosts: is outside"),
                post("training users over ftp", pipelines, specWithData("{\"uri\": \"file://" + root + "/d\", \"format\":"
                        + " \"ilora\", \"trainUri\": \"ftp://mirror/ml-100k\"}"))
                        .answers(400, "the pipeline spec is invalid").listing("data.trainUri: ftp://mirror/ml-100k: has the"
                                + " unsupported scheme 'ftp'"),
                post("codes in a missing bucket", pipelines, "{\"model\": \"refused\", \"data\": {\"uri\": \"file://" + root
                        + "/d\"}, \"tokenizer\": {\"codesUri\": \"s3://nope-bucket/codes.json\"}}")
                        .answers(400, "the pipeline spec is invalid").listing("tokenizer.codesUri: s3://nope-bucket/codes.json:"
                                + " names the bucket 'nope-bucket'"),
                post("a schedule reading outside the roots", schedules, "{\"id\": \"refused\", \"interval\": \"PT24H\","
                        + " \"spec\": " + specWithData("{\"uri\": \"file:///etc/passwd\"}") + "}")
                        .answers(400, "the schedule is invalid: 1 problem(s)")
                        .listing("spec.data.uri: file:///etc/passwd: is outside the allowed roots"),
                post("a GGUF outside the roots", imports, "{\"name\": \"refused\", \"uri\": \"file:///etc/passwd\","
                        + " \"sha256\": \"" + SHA256 + "\", \"licence\": \"MIT\"}")
                        .answers(400, "the import request is invalid: 1 problem(s)")
                        .listing("uri: file:///etc/passwd: is outside the allowed roots"),
                post("a GGUF over https", imports, "{\"name\": \"refused\", \"uri\": \"https://example.com/m.gguf\","
                        + " \"sha256\": \"" + SHA256 + "\", \"licence\": \"MIT\"}")
                        .answers(400, "the import request is invalid").listing("uri: must be a file:// URI"),

                // ---------------------------------------------------------------- specs that break rules
                post("every problem at once", pipelines, "{\"model\": \"Not A Name\", \"data\": {\"uri\":"
                        + " \"s3://other-bucket/x\", \"format\": \"parquet\"}, \"training\": {\"rank\": 7, \"experts\": 4}}")
                        .answers(400, "the pipeline spec is invalid: 4 problem(s)")
                        .listing("training.rank: must be a multiple of experts (4)"),
                post("a backbone never imported", pipelines, "{\"model\": \"refused\", \"data\": {\"uri\": \"file://" + root
                        + "/d\"}, \"training\": {\"backbone\": \"never-imported\"}}")
                        .answers(400, "training.backbone names no imported foundation model")
                        .listing("training.backbone: 'never-imported' is not imported"),
                post("a misspelt promotion metric", pipelines, "{\"model\": \"refused\", \"data\": {\"uri\": \"file://"
                        + root + "/d\"}, \"promotion\": {\"metric\": \"full-ranking/NDGC@10\"}}")
                        .answers(400, "the pipeline spec is invalid: 1 problem(s)")
                        .listing("promotion.metric: 'NDGC@10' is not a score full-ranking reports for every model; one of"
                                + " [Recall@1, Recall@5, Recall@10, NDCG@5, NDCG@10]"),
                post("a sweep choosing by a spread", "/api/v1/sweeps", "{\"spec\": {\"model\": \"refused\", \"data\":"
                        + " {\"uri\": \"file://" + root + "/d\"}}, \"grid\": {\"seed\": [1, 2]},"
                        + " \"selectBy\": \"candidates/HR@1-std\"}")
                        .answers(400, "selectBy 'HR@1-std' is not a score candidates reports for every model; one of [HR@1]"),
                post("a collection age before time began", "/api/v1/gc", "{\"dryRun\": true, \"olderThan\": \"P9999999999999D\"}")
                        .answers(400, "olderThan must be at most 999999d, not 'P9999999999999D'"),
                post("a sweep run that is null", "/api/v1/sweeps", "{\"spec\": {\"model\": \"refused\", \"data\":"
                        + " {\"uri\": \"file://" + root + "/d\"}}, \"runs\": [{}, null]}")
                        .answers(400, "runs[1] is null"),
                post("a null in a sweep's grid", "/api/v1/sweeps", "{\"spec\": {\"model\": \"refused\", \"data\":"
                        + " {\"uri\": \"file://" + root + "/d\"}}, \"grid\": {\"training.rank\": [8, null]}}")
                        .answers(400, "grid.training.rank[1] is null"),
                post("a sweep's grid far over the limit", "/api/v1/sweeps", "{\"spec\": {\"model\": \"refused\","
                        + " \"data\": {\"uri\": \"file://" + root + "/d\"}}, \"grid\": {\"seed\": [1, 2],"
                        + " \"training.rank\": [" + "8,".repeat(99_999) + "8]}}")
                        .answers(400, "a sweep runs at most 64 configurations; this one has 200000"),
                post("a sweep's grid over a field written only when set", "/api/v1/sweeps", "{\"spec\": {\"model\":"
                        + " \"refused\", \"data\": {\"uri\": \"file://" + root + "/d\"}}, \"grid\":"
                        + " {\"training.dropout\": [0.1, 2.0]}}")
                        .answers(400, "the sweep has invalid configurations: 1 problem(s)")
                        .listing("children[1] {training.dropout=2.0}: training.dropout:"),
                post("a schedule every hundred thousand years", schedules, "{\"id\": \"refused\", \"interval\":"
                        + " \"PT876000000H\", \"spec\": " + specWithData("{\"uri\": \"file://" + root + "/d\"}") + "}")
                        .answers(400, "the schedule is invalid: 1 problem(s)")
                        .listing("interval: must be at most 3650 days (P3650D)"),
                post("an alias too long", "/api/v1/models/nobody/aliases/" + "a".repeat(64),
                        "{\"version\": 1, \"reason\": \"r\"}")
                        .answers(400, "alias must be lower-case letters, digits and '-', at most 63 of them"),
                post("an Idempotency-Key too long", pipelines, specWithData("{\"uri\": \"file://" + root + "/d\"}"))
                        .header("Idempotency-Key", "k".repeat(201))
                        .answers(400, "Idempotency-Key must be 1 to 200 characters"),
                post("no champion to ask", recommend, "{\"history\": [\"i1\"], \"k\": 5}")
                        .answers(404, "no champion"),
                post("an empty history", recommend, "{\"history\": [], \"k\": 5}")
                        .answers(400, "history"),
                post("k too large", recommend, "{\"history\": [\"i1\"], \"k\": 1000000}")
                        .answers(400, "k must be in 1..100"),
                post("k as text", recommend, "{\"history\": [\"i1\"], \"k\": \"ten\"}")
                        .answers(400, "field 'k' at line 1, column 26 must be an integer, not \"ten\""),
                post("a history that is not a list", recommend, "{\"history\": \"i1\"}")
                        .answers(400, "field 'history' at line 1, column 13 must be a list"),
                post("a version as text", "/api/v1/models/nobody/aliases/champion", "{\"version\": \"two\"}")
                        .answers(400, "field 'version' at line 1, column 13 must be an integer, not \"two\""),

                // ---------------------------------------------------------------- re-running from a stage
                post("a rerun from a stage that is none", pipelines + "/nothing-here/rerun", "{\"from\": \"train\"}")
                        .answers(400, "from must be one of ingest, tokenize, fine-tune, evaluate, promote, not 'train'"),
                post("a rerun without a stage", pipelines + "/nothing-here/rerun", "{}")
                        .answers(400, "from is required"),
                post("a rerun with a misspelt change", pipelines + "/nothing-here/rerun",
                        "{\"from\": \"fine-tune\", \"spec\": {\"training\": {\"adaptr\": \"lora\"}}}")
                        .answers(400, "unknown field 'spec.training.adaptr'").listing("did you mean 'adapter'?"),
                post("a rerun of no run", pipelines + "/nothing-here/rerun", "{\"from\": \"fine-tune\"}")
                        .answers(404, "there is no pipeline nothing-here"),

                // ---------------------------------------------------------------- path and query parameters
                get("a limit that is no number", pipelines + "?limit=abc")
                        .answers(400, "query parameter 'limit' must be an integer, not 'abc'"),
                get("a limit out of range", pipelines + "?limit=0").answers(400, "limit must be in 1..1000"),
                get("an unknown status", pipelines + "?status=DONE").answers(400, "status must be one of"),
                get("an artifact id that is no number", "/api/v1/lineage/artifacts/abc")
                        .answers(400, "path parameter 'id' must be an integer, not 'abc'"),
                get("a depth that is no number", "/api/v1/lineage/artifacts/1?depth=deep")
                        .answers(400, "query parameter 'depth' must be an integer, not 'deep'"),
                get("a depth too deep", "/api/v1/lineage/artifacts/1?depth=99").answers(400, "depth must be in 0..50"),
                get("a version that is no number", "/api/v1/models/nobody/versions/v2")
                        .answers(400, "path parameter 'version' must be an integer, not 'v2'"),
                get("a flag that is neither true nor false", "/api/v1/models/nobody/versions/1/report?perUser=yes")
                        .answers(400, "query parameter 'perUser' must be true or false, not 'yes'"),
                get("a catalogue limit that is no number", "/api/v1/models/nobody/items?limit=many")
                        .answers(400, "query parameter 'limit' must be an integer, not 'many'"));
    }

    @Test
    void everyBadRequestIsRefusedWithAProblemThatSaysWhatAndLeavesNothingBehind() throws Exception {
        Files.createSymbolicLink(dataDir().resolve("refused-link"), Path.of("/etc"));
        Map<String, Long> before = awaitQuiet();
        List<Case> catalogue = catalogue();
        List<String> failures = new ArrayList<>();
        for (Case c : catalogue) {
            failures.addAll(check(c, send(c)));
            Map<String, Long> after = state();
            if (!after.equals(before)) {
                failures.add(c.name() + ": left something behind: " + before + " -> " + after);
                before = after;  // so that the next case is judged on its own
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + catalogue.size() + " bad requests");
    }

    @Test
    void theApplicationsOwnJsonStaysLenientForSpecsStoredByOtherVersions() {
        Map<String, Object> stored = Map.of("model", "old", "data", Map.of("uri", "file:///d", "retired", true),
                "retiredSection", Map.of());
        assertEquals("old", platformJson.convertValue(stored, PipelineSpec.class).model());
    }

    private static Response send(Case c) throws IOException, InterruptedException {
        if (c.chunked()) {
            return sendInChunks(c);
        }
        var request = given().headers(c.headers());
        if (c.contentType() != null) {
            request.contentType(c.contentType()).body(c.body());
        }
        return request.request(c.method(), c.path());
    }

    /** REST Assured sends every body with its length; the JDK's client streams one of unknown length in chunks. */
    private static Response sendInChunks(Case c) throws IOException, InterruptedException {
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + c.path()))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", c.contentType())
                .header("Authorization", "Bearer " + TestTokens.admin())
                .method(c.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new ResponseBuilder().setStatusCode(answer.statusCode())
                .setContentType(answer.headers().firstValue("Content-Type").orElse(""))
                .setBody(answer.body()).build();
    }

    private static List<String> check(Case c, Response response) {
        List<String> failures = new ArrayList<>();
        String got = response.statusCode() + " " + response.contentType() + " " + response.asString();
        if (response.statusCode() != c.status() || !response.contentType().startsWith("application/problem+json")) {
            return List.of(c.name() + ": expected " + c.status() + " problem+json, got " + got);
        }
        String detail = response.jsonPath().getString("detail");
        if (detail == null || !detail.contains(c.detail())) {
            failures.add(c.name() + ": detail should hold \"" + c.detail() + "\", got " + got);
        }
        List<String> errors = response.jsonPath().getList("errors", String.class);
        if (c.error() != null && (errors == null || errors.stream().noneMatch(e -> e.contains(c.error())))) {
            failures.add(c.name() + ": errors should hold \"" + c.error() + "\", got " + got);
        }
        return failures;
    }

    /**
     * What requests could have left behind: rows of every table, objects in the artifact store, Temporal
     * workflows ever started (open and closed together: a run of an earlier test parked waiting, e.g. for an
     * approval, may close meanwhile without anything having been started).
     */
    private Map<String, Long> state() throws SQLException {
        Map<String, Long> state = new LinkedHashMap<>();
        try (Connection connection = database.getConnection()) {
            for (String table : TABLES) {
                try (ResultSet rows = connection.createStatement().executeQuery("select count(*) from " + table)) {
                    rows.next();
                    state.put(table, rows.getLong(1));
                }
            }
        }
        state.put("s3 objects", (long) objects());
        state.put("workflows", (long) temporal.blockingStub().listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(10_000)
                        .build()).getExecutionsCount()
                + temporal.blockingStub().listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(10_000)
                        .build()).getExecutionsCount());
        return state;
    }

    private int objects() {
        int count = 0;
        for (Result<Item> ignored : store.client().listObjects(ListObjectsArgs.builder().bucket(store.bucket())
                .recursive(true).build())) {
            count++;
        }
        return count;
    }

    /**
     * The state once runs of earlier tests in this JVM have settled (nothing changing for 5 s; a run parked
     * waiting for an approval changes nothing), so that whatever changes after is the catalogue's doing.
     */
    private Map<String, Long> awaitQuiet() throws SQLException {
        long deadline = System.currentTimeMillis() + 300_000;
        Map<String, Long> last = state();
        int unchanged = 0;
        while (System.currentTimeMillis() < deadline) {
            PipelineClient.sleep(1_000);
            Map<String, Long> now = state();
            unchanged = now.equals(last) ? unchanged + 1 : 0;
            if (unchanged == 5) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("earlier runs did not settle in 5 minutes: " + last);
    }
}
