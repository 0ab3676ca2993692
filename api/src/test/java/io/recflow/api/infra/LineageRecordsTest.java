package io.recflow.api.infra;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.LineageGraph;
import io.recflow.activities.lineage.LineageNotFoundException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.LineageQueries;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.lineage.NewRun;
import io.recflow.activities.lineage.PipelineRunEntity;
import io.recflow.activities.lineage.RunClaim;
import io.recflow.activities.lineage.StepArtifacts;
import io.recflow.activities.lineage.StepEntity;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import io.recflow.workflows.pipeline.StageStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.recflow.api.infra.TestArtifacts.artifact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lineage writes and queries against the embedded PostgreSQL, schema from the Flyway migration. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class LineageRecordsTest {

    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    LineageQueries lineageQueries;
    @Inject
    RunRecords runRecords;
    @Inject
    StepRecords stepRecords;

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
        long first = artifactRecords.recordArtifact(ref, Map.of("rows", 10));
        long second = artifactRecords.recordArtifact(ref, Map.of("split", "loo"));
        assertEquals(first, second);
        ArtifactEntity stored = artifactRecords.artifact(first).orElseThrow();
        assertEquals(Map.of("rows", 10, "split", "loo"), stored.getMetadata());
        assertEquals(1, count("select count(*) from artifact where uri = '" + ref.uri() + "'"));

        String run = "run-" + UUID.randomUUID();
        long step = stepRecords.startStep(run, "ingest", 1, "worker-a", "cpu");
        assertEquals(step, stepRecords.startStep(run, "ingest", 1, null, null));
        assertEquals(1, count("select count(*) from step where run_id = '" + run + "'"));
        assertEquals("worker-a", stepRecords.step(step).orElseThrow().getWorker());

        stepRecords.recordUsed(step, first);
        stepRecords.recordUsed(step, first);
        stepRecords.recordGenerated(step, ref, Map.of());
        stepRecords.recordGenerated(step, ref, Map.of());
        assertEquals(1, count("select count(*) from used where step_id = " + step));
        assertEquals(1, count("select count(*) from generated where step_id = " + step));

        stepRecords.finishStep(step, StageStatus.COMPLETED, "ok");
        stepRecords.finishStep(step, StageStatus.COMPLETED, "ok");
        var finished = stepRecords.step(step).orElseThrow();
        assertEquals("COMPLETED", finished.getStatus());
        assertNotNull(finished.getEndedAt());

        // A retry is a new attempt: a new step row.
        long retry = stepRecords.startStep(run, "ingest", 2, "worker-b", "cpu");
        assertTrue(retry != step);
        List<StepArtifacts> steps = stepRecords.stepsWithArtifacts(run);
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
                calls.add(() -> runRecords.createRun(new NewRun(id, "m", "{\"model\":\"m\"}", 7L, key, "test", null)));
            }
            List<RunClaim> claims = new ArrayList<>();
            for (Future<RunClaim> f : pool.invokeAll(calls)) {
                claims.add(f.get());
            }
            assertEquals(1, claims.stream().filter(RunClaim::created).count());
            assertEquals(1, claims.stream().map(RunClaim::runId).distinct().count());
            String owner = claims.get(0).runId();
            assertEquals(owner, runRecords.runIdForKey(key).orElseThrow());
            PipelineRunEntity run = runRecords.run(owner).orElseThrow();
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
        runRecords.updateRunStatus(run, PipelineStatus.RUNNING, null);
        assertNull(runRecords.run(run).orElseThrow().getEndedAt());
        runRecords.updateRunStatus(run, PipelineStatus.WAITING_APPROVAL, "waiting for approval");
        runRecords.updateRunStatus(run, PipelineStatus.COMPLETED, "promoted");
        var done = runRecords.run(run).orElseThrow();
        assertEquals("COMPLETED", done.getStatus());
        assertNotNull(done.getEndedAt());
        runRecords.updateRunStatus(run, PipelineStatus.RUNNING, "late retry");
        assertEquals("COMPLETED", runRecords.run(run).orElseThrow().getStatus());
        assertTrue(runRecords.runs("COMPLETED", 1000).stream().anyMatch(r -> r.getId().equals(run)));
    }

    @Test
    void aRunWritesItsOwnRowOnlyWhenNobodyDidAndKeepsWhatTheRowSays() {
        String scheduled = "pipeline-nightly-" + UUID.randomUUID();
        runRecords.recordStart(scheduled, "nightly", "{\"model\": \"nightly\"}", 11L, "schedule:nightly");
        var row = runRecords.run(scheduled).orElseThrow();
        assertEquals(List.of("nightly", 11L, "schedule:nightly", "RUNNING", "nightly"), List.of(row.getModel(),
                row.getSeed(), row.getStartedBy(), row.getStatus(), row.getSpec().get("model")));

        String submitted = "run-" + UUID.randomUUID();
        runRecords.createRun(new NewRun(submitted, "asked", "{\"model\": \"asked\"}", 5L, null, "vera", null));
        runRecords.recordStart(submitted, "other", "{\"model\": \"other\"}", 6L, null);
        var kept = runRecords.run(submitted).orElseThrow();
        assertEquals(List.of("asked", 5L, "vera", "RUNNING", "asked"), List.of(kept.getModel(), kept.getSeed(),
                kept.getStartedBy(), kept.getStatus(), kept.getSpec().get("model")));

        runRecords.updateRunStatus(submitted, PipelineStatus.CANCELED, "canceled by request");
        runRecords.recordStart(submitted, "asked", "{}", 5L, null);
        assertEquals("CANCELED", runRecords.run(submitted).orElseThrow().getStatus(), "a late retry reopens nothing");
    }

    /** Everything made from a data set used for months is more than anyone reads: the nearest nodes, marked cut. */
    @Test
    void aGraphBeyondItsNodeLimitKeepsTheNearestAndSaysSo() {
        ArtifactRef data = artifact("dataset");
        String run = "run-" + UUID.randomUUID();
        long dataId = 0;
        for (int i = 0; i <= LineageQueries.MAX_NODES; i++) {
            dataId = stepRecords.recordUsed(stepRecords.startStep(run, "tokenize", "part " + i, 1, null, "cpu"), data);
        }
        LineageGraph graph = lineageQueries.downstream(dataId, 1);
        assertTrue(graph.truncated());
        assertEquals(LineageQueries.MAX_NODES, graph.nodes().size());
        assertEquals(a(dataId), graph.nodes().get(0).id(), "the root is the nearest");
        Set<String> shown = graph.nodes().stream().map(LineageGraph.Node::id).collect(Collectors.toSet());
        assertTrue(graph.edges().stream().allMatch(e -> shown.contains(e.from()) && shown.contains(e.to())));
        assertFalse(lineageQueries.downstream(stepRecords.recordGenerated(
                stepRecords.startStep(run, "ingest", 1, null, "cpu"), artifact("split"), Map.of()), 1).truncated());
    }

    @Test
    void aRetriedAttemptClosesTheAttemptWhoseWorkerDied() {
        String run = "run-" + UUID.randomUUID();
        long first = stepRecords.startStep(run, "fine-tune", 1, "worker-a", "cpu");
        long second = stepRecords.startStep(run, "fine-tune", 2, "worker-b", "cpu");
        stepRecords.finishStep(second, StageStatus.COMPLETED, null);

        var steps = stepRecords.steps(run);
        assertEquals(List.of("FAILED", "COMPLETED"), steps.stream().map(s -> s.getStatus()).toList());
        assertEquals("superseded by attempt 2: Temporal retried it", stepRecords.step(first).orElseThrow().getMessage());

        // The first attempt's worker was only slow: its late end leaves the lineage as the retry made it.
        assertFalse(stepRecords.finishStep(first, StageStatus.COMPLETED, null));
        assertEquals("FAILED", stepRecords.step(first).orElseThrow().getStatus());
    }

    @Test
    void activitiesBesideAStageKeepTheirOwnAttempts() {
        String run = "run-" + UUID.randomUUID();
        long candidate = stepRecords.startStep(run, "fine-tune", 1, "worker-a", "cpu");
        long lora = stepRecords.startStep(run, "fine-tune", "comparison lora", 1, "worker-a", "cpu");
        long full = stepRecords.startStep(run, "fine-tune", "comparison full", 1, "worker-b", "cpu");
        assertEquals(3, Set.of(candidate, lora, full).size(), "each activity's first attempt is a step of its own");
        assertEquals(lora, stepRecords.startStep(run, "fine-tune", "comparison lora", 1, null, null));
        stepRecords.finishStep(candidate, StageStatus.COMPLETED, null);

        // The lora comparison's worker died: its retry closes its own first attempt, and nothing of the others.
        long loraRetry = stepRecords.startStep(run, "fine-tune", "comparison lora", 2, "worker-b", "cpu");
        stepRecords.finishStep(loraRetry, StageStatus.COMPLETED, null);

        Map<Long, String> status = stepRecords.steps(run).stream()
                .collect(Collectors.toMap(StepEntity::getId, StepEntity::getStatus));
        assertEquals(Map.of(candidate, "COMPLETED", lora, "FAILED", full, "RUNNING", loraRetry, "COMPLETED"), status);
        assertEquals("comparison lora", stepRecords.step(loraRetry).orElseThrow().getPart());
        assertTrue(stepRecords.step(candidate).orElseThrow().isMainPart());
    }

    /**
     * raw -> ingest -> dataset, split; dataset -> tokenize -> tokenizer; dataset + tokenizer -> fine-tune
     * -> model; model + dataset + split -> evaluate -> report.
     */
    @Test
    void upstreamAndDownstreamWithDepthLimit() {
        String run = "run-" + UUID.randomUUID();
        long raw = artifactRecords.recordArtifact(artifact("dataset"));
        long ingest = stepRecords.startStep(run, "ingest", 1, "w", "cpu");
        stepRecords.recordUsed(ingest, raw);
        long dataset = stepRecords.recordGenerated(ingest, artifact("dataset"), Map.of());
        long split = stepRecords.recordGenerated(ingest, artifact("split"), Map.of());
        long tokenize = stepRecords.startStep(run, "tokenize", 1, "w", "cpu");
        stepRecords.recordUsed(tokenize, dataset);
        long tokenizer = stepRecords.recordGenerated(tokenize, artifact("tokenizer"), Map.of());
        long fineTune = stepRecords.startStep(run, "fine-tune", 1, "w", "gpu");
        stepRecords.recordUsed(fineTune, dataset);
        stepRecords.recordUsed(fineTune, tokenizer);
        long model = stepRecords.recordGenerated(fineTune, artifact("model"), Map.of());
        long evaluate = stepRecords.startStep(run, "evaluate", 1, "w", "cpu");
        stepRecords.recordUsed(evaluate, model);
        stepRecords.recordUsed(evaluate, dataset);
        stepRecords.recordUsed(evaluate, split);
        long report = stepRecords.recordGenerated(evaluate, artifact("eval-report"), Map.of());

        LineageGraph up0 = lineageQueries.upstream(model, 0);
        assertEquals(Set.of(a(model)), ids(up0));
        assertTrue(up0.edges().isEmpty());

        LineageGraph up1 = lineageQueries.upstream(model, 1);
        assertEquals(Set.of(a(model), s(fineTune), a(dataset), a(tokenizer)), ids(up1));
        assertEquals(Set.of(e(s(fineTune), a(model), "generated"), e(a(dataset), s(fineTune), "used"),
                e(a(tokenizer), s(fineTune), "used")), edges(up1));

        LineageGraph up2 = lineageQueries.upstream(model, 2);
        assertEquals(Set.of(a(model), s(fineTune), a(dataset), a(tokenizer), s(ingest), s(tokenize), a(raw)), ids(up2));
        assertTrue(edges(up2).containsAll(Set.of(e(s(ingest), a(dataset), "generated"), e(a(raw), s(ingest), "used"),
                e(s(tokenize), a(tokenizer), "generated"), e(a(dataset), s(tokenize), "used"))));
        assertFalse(ids(up2).contains(a(split)), "a sibling output is not upstream");
        assertEquals(7, edges(up2).size());
        assertEquals(ids(up2), ids(lineageQueries.upstream(model, 10)), "nothing beyond depth 2");
        assertEquals(2, up2.nodes().stream().filter(n -> n.id().equals(a(raw))).findFirst().orElseThrow().depth());
        var stepNode = up2.nodes().stream().filter(n -> n.id().equals(s(fineTune))).findFirst().orElseThrow();
        assertEquals("fine-tune", stepNode.attributes().get("stage"));
        assertEquals(run, stepNode.attributes().get("runId"));

        LineageGraph down1 = lineageQueries.downstream(raw, 1);
        assertEquals(Set.of(a(raw), s(ingest), a(dataset), a(split)), ids(down1));
        LineageGraph down2 = lineageQueries.downstream(raw, 2);
        assertEquals(Set.of(a(raw), s(ingest), a(dataset), a(split), s(tokenize), s(fineTune), s(evaluate),
                a(tokenizer), a(model), a(report)), ids(down2));
        assertTrue(edges(down2).contains(e(a(split), s(evaluate), "used")));
        assertTrue(edges(down2).contains(e(s(evaluate), a(report), "generated")));
        assertEquals(ids(down2), ids(lineageQueries.downstream(raw, 50)));
        // "What else used that data?"
        LineageGraph users = lineageQueries.downstream(dataset, 1);
        assertEquals(Set.of(s(tokenize), s(fineTune), s(evaluate)), users.nodes().stream()
                .filter(n -> n.type().equals("step")).map(LineageGraph.Node::id).collect(Collectors.toSet()));

        assertThrows(LineageNotFoundException.class, () -> lineageQueries.upstream(Long.MAX_VALUE, 3));
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
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
