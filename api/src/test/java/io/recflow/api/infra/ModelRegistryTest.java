package io.recflow.api.infra;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.lineage.AliasEventEntity;
import io.recflow.activities.lineage.AliasMove;
import io.recflow.activities.lineage.LineageNotFoundException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelSummary;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.activities.promote.PromoteActivitiesImpl;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromoteRequest;
import io.recflow.workflows.promote.PromotionDecision;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.recflow.api.infra.TestArtifacts.artifact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model registry against the embedded PostgreSQL. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class ModelRegistryTest {

    @Inject
    ModelRegistry registry;

    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    StepRecords stepRecords;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PromoteActivitiesImpl promoteActivities;

    @Test
    void registeringAnArtifactTwiceYieldsOneVersion() {
        String model = "model-" + UUID.randomUUID();
        String run = "run-" + UUID.randomUUID();
        stepRecords.startStep(run, "promote", 1, "w", "cpu");
        long a1 = artifactRecords.recordArtifact(artifact("model"));
        long a2 = artifactRecords.recordArtifact(artifact("model"));

        ModelVersionEntity v1 = registry.registerVersion(model, a1, run, Map.of("hr@1", 0.45));
        ModelVersionEntity again = registry.registerVersion(model, a1, run, Map.of("hr@1", 0.99));
        ModelVersionEntity v2 = registry.registerVersion(model, a2, null, Map.of());

        assertEquals(1, v1.getVersion());
        assertEquals(v1.getId(), again.getId());
        assertEquals(0.45, ((Number) again.getMetrics().get("hr@1")).doubleValue(), "the first registration wins");
        assertEquals(2, v2.getVersion());
        assertEquals(run, v1.getRunId());
        assertEquals(List.of(2, 1), registry.versions(model, null, 10).stream().map(ModelVersionEntity::getVersion).toList());
        assertEquals(a2, registry.version(model, 2).orElseThrow().getArtifactId());

        assertThrows(LineageNotFoundException.class, () -> registry.registerVersion(model, Long.MAX_VALUE, null, Map.of()));
        assertThrows(LineageNotFoundException.class, () -> registry.registerVersion(model,
                artifactRecords.recordArtifact(artifact("model")), "no-such-run", Map.of()));
    }

    @Test
    void aRetriedPromotionReportsTheChampionItReplaced() {
        String model = "model-" + UUID.randomUUID();
        registry.registerVersion(model, artifactRecords.recordArtifact(artifact("model")), null, Map.of());
        registry.registerVersion(model, artifactRecords.recordArtifact(artifact("model")), null, Map.of());
        registry.moveAlias(model, PromoteRequest.CHAMPION, 1, "first-run", null);
        PromoteRequest promote2 = new PromoteRequest(new ModelVersionRef(model, 2), PromoteRequest.CHAMPION, "run", "better",
                new PromoteRequest.Replacing(new ModelVersionRef(model, 1)));

        String activity = "pipeline-" + model + "/run/7";
        PromotionDecision first = promoteActivities.promote(promote2, activity);
        // The first attempt moved the alias and could not report back: Temporal runs the activity again.
        PromotionDecision retried = promoteActivities.promote(promote2, activity);

        assertEquals(new ModelVersionRef(model, 1), first.previousChampion());
        assertEquals(first, retried);
        assertEquals(2, championMoves(model).size(), "one event per real move");

        // Someone rolls back before the next retry: the retry finds its own move and leaves the rollback alone.
        registry.moveAlias(model, PromoteRequest.CHAMPION, 1, "alice", "v2 regressed");
        assertEquals(first, promoteActivities.promote(promote2, activity));
        assertEquals(1, registry.aliases(model).get(PromoteRequest.CHAMPION), "the rollback stands");
        assertEquals(3, championMoves(model).size());
        // Another promotion (another activity) of the same candidate is judged as usual: against version 1 now.
        assertTrue(promoteActivities.promote(promote2, "pipeline-" + model + "/run/9").promoted());
        assertEquals(2, registry.aliases(model).get(PromoteRequest.CHAMPION));
    }

    /** An approval that comes after another run took the alias: its verdict compared with a champion that is gone. */
    @Test
    void aPromotionWhoseVerdictIsAboutAFormerChampionMovesNothing() {
        String model = "model-" + UUID.randomUUID();
        for (int v = 0; v < 3; v++) {
            registry.registerVersion(model, artifactRecords.recordArtifact(artifact("model")), null,
                    Map.of());
        }
        registry.moveAlias(model, PromoteRequest.CHAMPION, 1, "first-run", null);
        // version 2 was judged against version 1 and waits for approval; meanwhile version 3 became the champion
        registry.moveAlias(model, PromoteRequest.CHAMPION, 3, "another-run", null);

        PromotionDecision late = promoteActivities.promote(new PromoteRequest(new ModelVersionRef(model, 2),
                PromoteRequest.CHAMPION, "approver", "approved", new PromoteRequest.Replacing(new ModelVersionRef(model, 1))),
                "pipeline-" + model + "/run/5");

        assertFalse(late.promoted());
        assertEquals(new ModelVersionRef(model, 3), late.previousChampion());
        assertTrue(late.reason().contains("moved from version 1 to version 3 after the verdict"), late.reason());
        assertEquals(3, registry.aliases(model).get(PromoteRequest.CHAMPION));
    }

    @Test
    void concurrentRegistrationsGetDistinctGapFreeVersions() throws Exception {
        String model = "model-" + UUID.randomUUID();
        int n = 12;
        List<Long> artifacts = IntStream.range(0, n)
                .mapToObj(i -> artifactRecords.recordArtifact(artifact("model"))).toList();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (long artifact : artifacts) {
                calls.add(() -> {
                    go.await();
                    return registry.registerVersion(model, artifact, null, Map.of()).getVersion();
                });
                // The same artifact registered concurrently must not make a second version.
                calls.add(() -> {
                    go.await();
                    return registry.registerVersion(model, artifact, null, Map.of()).getVersion();
                });
            }
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> c : calls) {
                futures.add(pool.submit(c));
            }
            go.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> f : futures) {
                versions.add(f.get());
            }
            for (int i = 0; i < versions.size(); i += 2) {
                assertEquals(versions.get(i), versions.get(i + 1), "one artifact, one version");
            }
            assertEquals(IntStream.rangeClosed(1, n).boxed().toList(),
                    versions.stream().distinct().sorted().toList());
            assertEquals(n, registry.versionCount(model));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aliasMovesWriteAuditEventsAndCanRollBack() {
        String model = "model-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            registry.registerVersion(model, artifactRecords.recordArtifact(artifact("model")), null, Map.of());
        }
        assertTrue(registry.champion(model).isEmpty());

        AliasMove first = registry.moveAlias(model, ModelRegistry.CHAMPION, 1, "pipeline:run-1", "first model");
        assertTrue(first.changed());
        assertNull(first.fromVersion());
        AliasMove second = registry.moveAlias(model, ModelRegistry.CHAMPION, 3, "pipeline:run-3", "+12% HR@1");
        assertEquals(1, second.fromVersion());
        AliasMove repeat = registry.moveAlias(model, ModelRegistry.CHAMPION, 3, "pipeline:run-3", "+12% HR@1");
        assertFalse(repeat.changed(), "a retried promotion writes no second event");
        assertEquals(3, registry.champion(model).orElseThrow().getVersion());

        AliasMove rollback = registry.moveAlias(model, ModelRegistry.CHAMPION, 1, "alice", "v3 regressed in production");
        assertEquals(3, rollback.fromVersion());
        assertEquals(1, registry.champion(model).orElseThrow().getVersion());
        registry.moveAlias(model, "staging", 2, "bob", null);
        assertEquals(Map.of("champion", 1, "staging", 2), registry.aliases(model));

        List<AliasEventEntity> history = championMoves(model);
        assertEquals(3, history.size());
        assertEquals("alice", history.get(0).getActor());
        assertEquals(3, history.get(0).getFromVersion());
        assertEquals(1, history.get(0).getToVersion());
        assertEquals("v3 regressed in production", history.get(0).getReason());
        assertNull(history.get(2).getFromVersion());
        List<AliasEventEntity> moves = registry.aliasMoves(model, null, 10);
        assertEquals(List.of("staging", "champion", "champion", "champion"),
                moves.stream().map(AliasEventEntity::getAlias).toList(), "every alias's moves, newest first");
        assertEquals(4, registry.aliasMoveCount(model));
        List<AliasEventEntity> firstPage = registry.aliasMoves(model, null, 3);
        assertEquals(moves.subList(0, 3).stream().map(AliasEventEntity::getId).toList(),
                firstPage.stream().map(AliasEventEntity::getId).toList());
        assertEquals(List.of(moves.get(3).getId()), registry.aliasMoves(model, firstPage.get(2).getId(), 3).stream()
                .map(AliasEventEntity::getId).toList(), "the next page starts below the last move shown");
        assertEquals(List.of(2, 1), registry.versions(model, 3, 10).stream().map(ModelVersionEntity::getVersion).toList());
        assertEquals(List.of(3, 2), registry.versions(model, null, 2).stream().map(ModelVersionEntity::getVersion).toList());
        assertEquals(3, registry.versionCount(model));

        ModelSummary summary = registry.models().stream().filter(m -> m.name().equals(model)).findFirst().orElseThrow();
        assertEquals(3, summary.latestVersion());
        assertEquals(3, summary.versions());
        assertEquals(Map.of("champion", 1, "staging", 2), summary.aliases());

        assertThrows(LineageNotFoundException.class, () -> registry.moveAlias(model, ModelRegistry.CHAMPION, 9, "x", "no"));
        assertThrows(IllegalArgumentException.class, () -> registry.moveAlias(model, "bad alias!", 1, "x", "no"));
        assertThrows(IllegalArgumentException.class, () -> registry.moveAlias(model, ModelRegistry.CHAMPION, 2, " ", "no"));
        assertEquals(1, registry.champion(model).orElseThrow().getVersion(), "failed moves change nothing");
    }

    @Test
    void aliasEventsAreAppendOnly() throws Exception {
        String model = "model-" + UUID.randomUUID();
        registry.registerVersion(model, artifactRecords.recordArtifact(artifact("model")), null, Map.of());
        registry.moveAlias(model, ModelRegistry.CHAMPION, 1, "ci", "first");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class,
                    () -> st.executeUpdate("update alias_event set actor = 'mallory' where model = '" + model + "'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("delete from alias_event where model = '" + model + "'"));
        }
        assertEquals("ci", registry.aliasMoves(model, null, 1).get(0).getActor());
    }

    private List<AliasEventEntity> championMoves(String model) {
        return registry.aliasMoves(model, null, 100).stream()
                .filter(move -> move.getAlias().equals(ModelRegistry.CHAMPION)).toList();
    }
}
