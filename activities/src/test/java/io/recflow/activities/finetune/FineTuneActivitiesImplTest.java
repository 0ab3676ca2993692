package io.recflow.activities.finetune;

import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.activities.stage.StageStep;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneActivities;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The activity's Temporal part, with the training replaced: what reaches the service and what is heartbeated. */
class FineTuneActivitiesImplTest {

    private static final ArtifactRef BASE = ref("base", ArtifactKind.CHECKPOINT);
    private static final ArtifactRef CHECKPOINT = ref("checkpoint", ArtifactKind.CHECKPOINT);
    private static final ArtifactRef MODEL = ref("model", ArtifactKind.MODEL);

    private final RecordingStages stages = new RecordingStages();
    private final List<TrainingProgress> heartbeats = new CopyOnWriteArrayList<>();
    private TestActivityEnvironment environment;
    private volatile TrainingAttempt seen;
    /** What the training reports: progress by default; a test may have it only load. */
    private volatile Consumer<TrainingAttempt> reports =
            attempt -> attempt.progress().onProgress("finetune", 1, 2, 3, 8, 0.5);

    @BeforeEach
    void startEnvironment() {
        environment = TestActivityEnvironment.newInstance();
        environment.setActivityHeartbeatListener(TrainingProgress.class, heartbeats::add);
        FineTuneActivitiesImpl activity = new FineTuneActivitiesImpl();
        activity.stages = stages;
        activity.tinyBackbone = (request, attempt, step) -> {
            seen = attempt;
            reports.accept(attempt);
            return new FineTuneResult(MODEL, attempt.deviceName(), Map.of("finetuneLoss", 0.5));
        };
        environment.registerActivitiesImplementations(activity);
    }

    @AfterEach
    void closeEnvironment() {
        environment.close();
    }

    @Test
    void aResumedAttemptHandsItsLastHeartbeatToTheTraining() {
        TrainingProgress lastBeat = new TrainingProgress("finetune", 1, 2, 2, 8, 0.7, BASE, CHECKPOINT);
        environment.setHeartbeatDetails(lastBeat);

        FineTuneResult result = stub().fineTune(request());

        assertEquals(lastBeat, seen.resumed());
        assertEquals(BASE, seen.resumedBase());
        assertEquals(CHECKPOINT, seen.checkpointOf("finetune"));
        assertEquals(MODEL, result.model());
        // What a further retry resumes from is still named while the training reports progress.
        assertEquals(new TrainingProgress("finetune", 1, 2, 3, 8, 0.5, BASE, CHECKPOINT), heartbeats.get(0));
    }

    @Test
    void anAttemptThatOnlyLoadsHandsOnTheCheckpointWithItsPhase() {
        TrainingProgress lastBeat = new TrainingProgress("finetune", 1, 2, 2, 8, 0.7, BASE, CHECKPOINT);
        environment.setHeartbeatDetails(lastBeat);
        reports = attempt -> attempt.progress().onWork();

        stub().fineTune(request());

        // The next attempt resumes a checkpoint only within its phase: a load's heartbeat must keep it.
        assertEquals(List.of(lastBeat), heartbeats);
    }

    @Test
    void aFirstAttemptResumesNothingAndHeartbeatsItsProgress() {
        stub().fineTune(request());

        assertNull(seen.resumed());
        assertFalse(heartbeats.isEmpty());
        assertEquals(new TrainingProgress("finetune", 1, 2, 3, 8, 0.5, null, null), heartbeats.get(0));
    }

    @Test
    void theAttemptRunsAsTheFineTuneStepOnTheChosenDevice() {
        FineTuneResult result = stub().fineTune(request());

        assertEquals(Stage.FINE_TUNE.id(), stages.stage);
        assertEquals(StepRecords.MAIN_PART, stages.part, "the candidate is the stage's own activity");
        assertEquals("cpu", stages.device);
        assertEquals("cpu", seen.deviceName());
        assertEquals("cpu", result.device());
    }

    @Test
    void aComparisonRunsAsItsOwnPartOfTheStage() {
        FineTuneRequest candidate = request();
        stub().fineTune(new FineTuneRequest(candidate.dataset(), candidate.split(), candidate.encoder(),
                candidate.tokenizer(), candidate.training().toBuilder().adapter("lora").build(), candidate.seed(),
                ref("candidate-model", ArtifactKind.MODEL)));

        assertEquals("comparison lora", stages.part);
    }

    private FineTuneActivities stub() {
        return environment.newActivityStub(FineTuneActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    }

    private static FineTuneRequest request() {
        TrainingSpec spec = TrainingSpec.builder().adapter("moe-lora").device("cpu").build();
        return new FineTuneRequest(ref("data", ArtifactKind.DATASET), ref("split", ArtifactKind.SPLIT),
                ref("encoder", ArtifactKind.ENCODER), ref("tokenizer", ArtifactKind.TOKENIZER), spec, 7, null);
    }

    private static ArtifactRef ref(String name, String kind) {
        return new ArtifactRef("s3://artifacts/" + name, "0".repeat(64), 1, kind);
    }

    /** The lineage step needs PostgreSQL and S3; here it only records which stage ran where. */
    private static final class RecordingStages extends StageRunner {
        String stage;
        String part;
        String device;

        @Override
        public <T> T run(String stage, String device, Function<StageStep, T> work) {
            this.stage = stage;
            this.device = device;
            return work.apply(null);
        }

        /** No step cache here (it is StepCacheTest's); the key must still be computable from the request. */
        @Override
        public <T> T runCached(String stage, String part, String device, Supplier<StepCacheKey> keyOf,
                               Class<T> resultType, Function<StageStep, T> work) {
            this.part = part;
            keyOf.get();
            return run(stage, device, work);
        }
    }
}
