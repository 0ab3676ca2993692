package io.recflow.api.collect;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.collect.ArtifactCollector;
import io.recflow.activities.collect.CollectableArtifact;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.RunRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.PipelineStatus;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.recflow.api.infra.TestArtifacts.artifact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What garbage collection's rules keep, on lineage written directly (no pipeline): a registered version keeps
 * what made it and its run's evaluation report, not what other runs made from it; and a collected artifact
 * comes back to life when written again, never when read.
 */
@QuarkusTest
class ArtifactKeepRulesTest {

    @Inject
    ArtifactCollector collector;
    @Inject
    ArtifactRecords artifacts;
    @Inject
    StepRecords steps;
    @Inject
    RunRecords runs;
    @Inject
    ModelRegistry registry;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRegisteredVersionKeepsWhatMadeItAndItsRunsReportButNotWhatOtherRunsMadeFromIt() {
        ArtifactRef data = artifact(ArtifactKind.DATASET);
        ArtifactRef model = artifact(ArtifactKind.MODEL);
        ArtifactRef checkpoint = artifact(ArtifactKind.CHECKPOINT);
        ArtifactRef report = artifact(ArtifactKind.EVAL_REPORT);
        String registering = run();
        long fineTune = steps.startStep(registering, "fine-tune", 1, null, "cpu");
        steps.recordUsed(fineTune, data);
        long modelId = steps.recordGenerated(fineTune, model, Map.of());
        steps.recordGenerated(fineTune, checkpoint, Map.of());
        long evaluate = steps.startStep(registering, "evaluate", 1, null, "cpu");
        steps.recordUsed(evaluate, model);
        steps.recordGenerated(evaluate, report, Map.of());
        registry.registerVersion("keep-rules-" + UUID.randomUUID(), modelId, registering, Map.of());
        runs.updateRunStatus(registering, PipelineStatus.COMPLETED, "registered");

        // Another run fine-tunes on the registered model and evaluates against it; its model is not registered.
        String onTop = run();
        ArtifactRef otherCheckpoint = artifact(ArtifactKind.CHECKPOINT);
        ArtifactRef otherModel = artifact(ArtifactKind.MODEL);
        ArtifactRef otherReport = artifact(ArtifactKind.EVAL_REPORT);
        long otherFineTune = steps.startStep(onTop, "fine-tune", 1, null, "cpu");
        steps.recordUsed(otherFineTune, model);
        steps.recordGenerated(otherFineTune, otherCheckpoint, Map.of());
        steps.recordGenerated(otherFineTune, otherModel, Map.of());
        long otherEvaluate = steps.startStep(onTop, "evaluate", 1, null, "cpu");
        steps.recordUsed(otherEvaluate, model);
        steps.recordUsed(otherEvaluate, otherModel);
        steps.recordGenerated(otherEvaluate, otherReport, Map.of());
        runs.updateRunStatus(onTop, PipelineStatus.COMPLETED, "not registered");

        Set<String> collectable = collector.plan(Instant.now().plusSeconds(5)).artifacts().stream()
                .map(CollectableArtifact::ref).map(ArtifactRef::uri).collect(Collectors.toSet());
        for (ArtifactRef kept : new ArtifactRef[] {data, model, report}) {
            assertFalse(collectable.contains(kept.uri()), kept.kind() + " of the registered version is kept");
        }
        for (ArtifactRef gone : new ArtifactRef[] {checkpoint, otherCheckpoint, otherModel, otherReport}) {
            assertTrue(collectable.contains(gone.uri()), gone.kind() + " " + gone.uri() + " is collectable");
        }
    }

    @Test
    void aCollectedArtifactIsLiveAgainWhenWrittenNotWhenRead() throws Exception {
        ArtifactRef ref = artifact(ArtifactKind.DATASET);
        String run = run();
        long id = steps.recordGenerated(steps.startStep(run, "ingest", 1, null, "cpu"), ref, Map.of());
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "update artifact set deleted_at = now(), deleted_by = 'gc by test' where id = ?")) {
            update.setLong(1, id);
            assertEquals(1, update.executeUpdate());
        }

        long reader = steps.startStep(run, "tokenize", 1, null, "cpu");
        IllegalStateException read = assertThrows(IllegalStateException.class, () -> steps.recordUsed(reader, ref));
        assertTrue(read.getMessage().contains(ref.uri()) && read.getMessage().contains("deleted by gc by test"),
                read.getMessage());
        assertNotNull(artifacts.artifact(id).orElseThrow().getDeletedAt(), "a read leaves it deleted");
        assertTrue(steps.stepsWithArtifacts(run).stream().allMatch(s -> s.used().isEmpty()), "and records no edge");

        steps.recordGenerated(steps.startStep(run, "ingest", 2, null, "cpu"), ref, Map.of());
        assertNull(artifacts.artifact(id).orElseThrow().getDeletedAt(), "written again, it is live again");
    }

    private static String run() {
        return "pipeline-keep-rules-" + UUID.randomUUID();
    }

}
