package io.recflow.api.infra;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.LineageGraph;
import io.recflow.activities.lineage.LineageNotFoundException;
import io.recflow.activities.lineage.LineageStore;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.StepArtifacts;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lineage writes and queries against the embedded PostgreSQL, schema from the Flyway migration. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class LineageStoreTest {

    @Inject
    LineageStore lineage;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void flywayCreatedTheSchema() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "select version, success from flyway_schema_history where version is not null order by installed_rank")) {
                assertTrue(rs.next(), "no Flyway migration recorded");
                assertEquals("1", rs.getString(1));
                assertTrue(rs.getBoolean(2));
            }
            Set<String> tables = Set.of("artifact", "pipeline_run", "step", "used", "generated", "model_version",
                    "alias", "alias_event");
            try (ResultSet rs = st.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public'")) {
                List<String> found = new ArrayList<>();
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
                assertTrue(found.containsAll(tables), "tables: " + found);
            }
        }
    }

    @Test
    void recordingTwiceYieldsOneRow() throws Exception {
        ArtifactRef ref = artifact("dataset");
        long first = lineage.recordArtifact(ref, Map.of("rows", 10));
        long second = lineage.recordArtifact(ref, Map.of("split", "loo"));
        assertEquals(first, second);
        ArtifactEntity stored = lineage.artifact(first).orElseThrow();
        assertEquals(Map.of("rows", 10, "split", "loo"), stored.getMetadata());
        assertEquals(1, count("select count(*) from artifact where uri = '" + ref.uri() + "'"));

        String run = "run-" + UUID.randomUUID();
        long step = lineage.startStep(run, "ingest", 1, "worker-a", "cpu");
        assertEquals(step, lineage.startStep(run, "ingest", 1, null, null));
        assertEquals(1, count("select count(*) from step where run_id = '" + run + "'"));
        assertEquals("worker-a", lineage.step(step).orElseThrow().getWorker());

        lineage.recordUsed(step, first);
        lineage.recordUsed(step, first);
        lineage.recordGenerated(step, ref, Map.of());
        lineage.recordGenerated(step, ref, Map.of());
        assertEquals(1, count("select count(*) from used where step_id = " + step));
        assertEquals(1, count("select count(*) from generated where step_id = " + step));

        lineage.finishStep(step, StageStatus.COMPLETED, "ok");
        lineage.finishStep(step, StageStatus.COMPLETED, "ok");
        var finished = lineage.step(step).orElseThrow();
        assertEquals("COMPLETED", finished.getStatus());
        assertNotNull(finished.getEndedAt());

        // A retry is a new attempt: a new step row.
        long retry = lineage.startStep(run, "ingest", 2, "worker-b", "cpu");
        assertTrue(retry != step);
        List<StepArtifacts> steps = lineage.stepsWithArtifacts(run);
        assertEquals(2, steps.size());
        assertEquals(List.of(ref.uri()), steps.get(0).used().stream().map(ArtifactEntity::getUri).toList());
        assertEquals(List.of(ref.uri()), steps.get(0).generated().stream().map(ArtifactEntity::getUri).toList());
    }

    @Test
    void runsAreClaimedOncePerIdempotencyKey() throws Exception {
        String key = "key-" + UUID.randomUUID();
        // Concurrent requests with one key agree on one run.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<RunClaim>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "run-" + UUID.randomUUID();
                calls.add(() -> lineage.createRun(new NewRun(id, null, "m", "{\"model\":\"m\"}", 7L, key)));
            }
            List<RunClaim> claims = new ArrayList<>();
            for (Future<RunClaim> f : pool.invokeAll(calls)) {
                claims.add(f.get());
            }
            assertEquals(1, claims.stream().filter(RunClaim::created).count());
            assertEquals(1, claims.stream().map(RunClaim::runId).distinct().count());
            String owner = claims.get(0).runId();
            assertEquals(owner, lineage.runIdForKey(key).orElseThrow());
            PipelineRunEntity run = lineage.run(owner).orElseThrow();
            assertEquals("RUNNING", run.getStatus());
            assertEquals(Map.of("model", "m"), run.getSpec());
            assertEquals(7L, run.getSeed());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runStatusEndsOnceAndIsNotRegressedByALateUpdate() {
        String run = "run-" + UUID.randomUUID();
        lineage.updateRunStatus(run, PipelineStatus.RUNNING, null);
        assertNull(lineage.run(run).orElseThrow().getEndedAt());
        lineage.updateRunStatus(run, PipelineStatus.WAITING_APPROVAL, "waiting for approval");
        lineage.updateRunStatus(run, PipelineStatus.COMPLETED, "promoted");
        var done = lineage.run(run).orElseThrow();
        assertEquals("COMPLETED", done.getStatus());
        assertNotNull(done.getEndedAt());
        lineage.updateRunStatus(run, PipelineStatus.RUNNING, "late retry");
        assertEquals("COMPLETED", lineage.run(run).orElseThrow().getStatus());
        assertTrue(lineage.runs("COMPLETED", 1000).stream().anyMatch(r -> r.getId().equals(run)));
    }

    @Test
    void aRetriedAttemptClosesTheAttemptWhoseWorkerDied() {
        String run = "run-" + UUID.randomUUID();
        long first = lineage.startStep(run, "fine-tune", 1, "worker-a", "cpu");
        long second = lineage.startStep(run, "fine-tune", 2, "worker-b", "cpu");
        lineage.finishStep(second, StageStatus.COMPLETED, null);

        var steps = lineage.steps(run);
        assertEquals(List.of("FAILED", "COMPLETED"), steps.stream().map(s -> s.getStatus()).toList());
        assertEquals("superseded by attempt 2: Temporal retried it", lineage.step(first).orElseThrow().getMessage());
    }

    /**
     * raw -> ingest -> dataset, split; dataset -> tokenize -> tokenizer; dataset + tokenizer -> fine-tune
     * -> model; model + dataset + split -> evaluate -> report.
     */
    @Test
    void upstreamAndDownstreamWithDepthLimit() {
        String run = "run-" + UUID.randomUUID();
        long raw = lineage.recordArtifact(artifact("dataset"));
        long ingest = lineage.startStep(run, "ingest", 1, "w", "cpu");
        lineage.recordUsed(ingest, raw);
        long dataset = lineage.recordGenerated(ingest, artifact("dataset"), Map.of());
        long split = lineage.recordGenerated(ingest, artifact("split"), Map.of());
        long tokenize = lineage.startStep(run, "tokenize", 1, "w", "cpu");
        lineage.recordUsed(tokenize, dataset);
        long tokenizer = lineage.recordGenerated(tokenize, artifact("tokenizer"), Map.of());
        long fineTune = lineage.startStep(run, "fine-tune", 1, "w", "gpu");
        lineage.recordUsed(fineTune, dataset);
        lineage.recordUsed(fineTune, tokenizer);
        long model = lineage.recordGenerated(fineTune, artifact("model"), Map.of());
        long evaluate = lineage.startStep(run, "evaluate", 1, "w", "cpu");
        lineage.recordUsed(evaluate, model);
        lineage.recordUsed(evaluate, dataset);
        lineage.recordUsed(evaluate, split);
        long report = lineage.recordGenerated(evaluate, artifact("eval-report"), Map.of());

        LineageGraph up0 = lineage.upstream(model, 0);
        assertEquals(Set.of(a(model)), ids(up0));
        assertTrue(up0.edges().isEmpty());

        LineageGraph up1 = lineage.upstream(model, 1);
        assertEquals(Set.of(a(model), s(fineTune), a(dataset), a(tokenizer)), ids(up1));
        assertEquals(Set.of(e(s(fineTune), a(model), "generated"), e(a(dataset), s(fineTune), "used"),
                e(a(tokenizer), s(fineTune), "used")), edges(up1));

        LineageGraph up2 = lineage.upstream(model, 2);
        assertEquals(Set.of(a(model), s(fineTune), a(dataset), a(tokenizer), s(ingest), s(tokenize), a(raw)), ids(up2));
        assertTrue(edges(up2).containsAll(Set.of(e(s(ingest), a(dataset), "generated"), e(a(raw), s(ingest), "used"),
                e(s(tokenize), a(tokenizer), "generated"), e(a(dataset), s(tokenize), "used"))));
        assertFalse(ids(up2).contains(a(split)), "a sibling output is not upstream");
        assertEquals(7, edges(up2).size());
        assertEquals(ids(up2), ids(lineage.upstream(model, 10)), "nothing beyond depth 2");
        assertEquals(2, up2.nodes().stream().filter(n -> n.id().equals(a(raw))).findFirst().orElseThrow().depth());
        var stepNode = up2.nodes().stream().filter(n -> n.id().equals(s(fineTune))).findFirst().orElseThrow();
        assertEquals("fine-tune", stepNode.attributes().get("stage"));
        assertEquals(run, stepNode.attributes().get("runId"));

        LineageGraph down1 = lineage.downstream(raw, 1);
        assertEquals(Set.of(a(raw), s(ingest), a(dataset), a(split)), ids(down1));
        LineageGraph down2 = lineage.downstream(raw, 2);
        assertEquals(Set.of(a(raw), s(ingest), a(dataset), a(split), s(tokenize), s(fineTune), s(evaluate),
                a(tokenizer), a(model), a(report)), ids(down2));
        assertTrue(edges(down2).contains(e(a(split), s(evaluate), "used")));
        assertTrue(edges(down2).contains(e(s(evaluate), a(report), "generated")));
        assertEquals(ids(down2), ids(lineage.downstream(raw, 50)));
        // "What else used that data?"
        LineageGraph users = lineage.downstream(dataset, 1);
        assertEquals(Set.of(s(tokenize), s(fineTune), s(evaluate)), users.nodes().stream()
                .filter(n -> n.type().equals("step")).map(LineageGraph.Node::id).collect(Collectors.toSet()));

        assertThrows(LineageNotFoundException.class, () -> lineage.upstream(Long.MAX_VALUE, 3));
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static ArtifactRef artifact(String kind) {
        byte[] b = new byte[32];
        new Random().nextBytes(b);
        String sha = HexFormat.of().formatHex(b);
        return new ArtifactRef("s3://recflow/artifacts/" + kind + "/" + sha, sha, 100, kind);
    }

    private static String a(long id) {
        return LineageGraph.artifactNode(id);
    }

    private static String s(long id) {
        return LineageGraph.stepNode(id);
    }

    private static LineageGraph.Edge e(String from, String to, String label) {
        return new LineageGraph.Edge(from, to, label);
    }

    private static Set<String> ids(LineageGraph g) {
        return g.nodes().stream().map(LineageGraph.Node::id).collect(Collectors.toSet());
    }

    private static Set<LineageGraph.Edge> edges(LineageGraph g) {
        Set<LineageGraph.Edge> set = Set.copyOf(g.edges());
        assertEquals(g.edges().size(), set.size(), "duplicate edges: " + g.edges());
        return set;
    }
}
