package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the worker process while a run fine-tunes, and the resume it must lead to on a new worker,
 * whatever the backbone (the tiny generative one or an imported foundation model): fine-tune attempt 1 (the
 * killed worker's) never completed; attempt 2 (the new worker's) completed after reading one checkpoint of
 * the training phase that attempt 1 wrote — the one the server held at the kill, or a later one — took its
 * first step right after that checkpoint's, and wrote only checkpoints past it (no step was redone).
 */
final class FineTuningKill {

    private final String label;
    private final String runId;
    private final String phase;
    private final String heartbeatCheckpoint;
    private final long deadPid;
    private final long killedAt;
    private final Instant killedInstant;

    private FineTuningKill(String label, String runId, String phase, String heartbeatCheckpoint, long deadPid,
                           long killedAt, Instant killedInstant) {
        this.label = label;
        this.runId = runId;
        this.phase = phase;
        this.heartbeatCheckpoint = heartbeatCheckpoint;
        this.deadPid = deadPid;
        this.killedAt = killedAt;
        this.killedInstant = killedInstant;
    }

    /** Attempt 2 of fine-tuning and the checkpoint (as attempt 1 wrote it) it resumed from. */
    record Resume(Lineage.Step attempt, Lineage.Artifact checkpoint) {
    }

    /**
     * Waits until the server holds a heartbeat of the run's FineTune activity naming a checkpoint of
     * {@code phase} — what a retry resumes from — and kills {@code worker} with -9.
     *
     * @param label what the {@code [e2e]} report lines start with
     */
    static FineTuningKill afterCheckpoint(String label, Temporal temporal, String runId, String phase,
                                          RecflowProcess worker) {
        // Workers send heartbeat details at most every 5 s (WorkerBootstrap).
        JsonNode beat = E2e.awaitValue("a " + phase + " checkpoint in the FineTune heartbeat", Duration.ofMinutes(8),
                () -> temporal.pendingActivity(runId, "FineTune").flatMap(Temporal::heartbeat)
                        .filter(h -> phase.equals(h.path("phase").asText()) && h.hasNonNull("checkpoint"))
                        .orElse(null));
        String checkpoint = beat.at("/checkpoint/uri").asText();
        long killedAt = System.nanoTime();
        Instant killedInstant = Instant.now();
        long deadPid = worker.pid();
        worker.kill();
        E2e.report(label + ": worker " + deadPid + " killed during fine-tuning at step", beat.path("step").asLong()
                + "/" + beat.path("totalSteps").asLong() + " (heartbeat checkpoint " + checkpoint + ")");
        return new FineTuningKill(label, runId, phase, checkpoint, deadPid, killedAt, killedInstant);
    }

    /**
     * Waits for attempt 2 on {@code newWorker} and for the run to complete, and checks the resume in lineage
     * and in the new worker's progress log.
     */
    Resume completedOn(RecflowProcess newWorker, RecflowApi api, Duration runTimeout) {
        E2e.awaitValue("attempt 2 of fine-tune", Duration.ofMinutes(5), () -> fineTuneAttempt(2));
        double toResume = E2e.seconds(killedAt, System.nanoTime());
        PipelineRuns.awaitCompleted(api, runId, runTimeout);
        E2e.report(label + ": kill -> attempt 2 started on the new worker (s; heartbeat timeout 60 s)", toResume);
        E2e.report(label + ": kill -> run COMPLETED (s)", E2e.seconds(killedAt, System.nanoTime()));

        Lineage.Step first = fineTuneAttempt(1);
        Lineage.Step second = fineTuneAttempt(2);
        assertTrue(first.worker().startsWith(deadPid + "@"), "attempt 1 ran on the killed worker: " + first);
        assertTrue(second.worker().startsWith(newWorker.workerPrefix()), "attempt 2 ran on the new worker: " + second);
        assertNotEquals("COMPLETED", first.status(), "the killed attempt never completed");
        assertEquals("COMPLETED", second.status());
        assertTrue(second.startedAt().isAfter(killedInstant));

        List<Lineage.Artifact> written = checkpoints(Lineage.generated(first.id()));
        List<Lineage.Artifact> read = checkpoints(Lineage.used(second.id()));
        assertEquals(1, read.size(), "attempt 2 resumed from exactly one " + phase + " checkpoint: " + read);
        Lineage.Artifact from = written.stream().filter(a -> a.uri().equals(read.get(0).uri())).findFirst()
                .orElseThrow(() -> new AssertionError("the checkpoint attempt 2 read was written by attempt 1"));
        Lineage.Artifact seen = written.stream().filter(a -> a.uri().equals(heartbeatCheckpoint)).findFirst()
                .orElseThrow();
        assertTrue(from.step() >= seen.step(), "resumed from the heartbeated checkpoint or a later one");
        assertEquals(from.step() + 1, firstStepLogged(newWorker),
                "attempt 2 took its first step right after the checkpoint's step " + from.step());
        List<Lineage.Artifact> afterResume = checkpoints(Lineage.generated(second.id()));
        assertFalse(afterResume.isEmpty());
        assertTrue(afterResume.stream().allMatch(a -> a.step() > from.step()),
                "attempt 2 trained on from step " + from.step() + ", not from the start: " + afterResume);
        long lastWrittenBeforeKill = written.stream().mapToLong(Lineage.Artifact::step).max().orElse(0);
        E2e.report(label + ": resumed from checkpoint at step", from.step() + " (attempt 1 had written up to step "
                + lastWrittenBeforeKill + "; steps redone: " + (lastWrittenBeforeKill - from.step()) + ")");
        Lineage.assertNoDuplicates(runId);
        return new Resume(second, from);
    }

    private Lineage.Step fineTuneAttempt(int attempt) {
        return Lineage.steps(runId).stream().filter(s -> s.stage().equals("fine-tune") && s.attempt() == attempt)
                .findFirst().orElse(null);
    }

    private List<Lineage.Artifact> checkpoints(List<Lineage.Artifact> artifacts) {
        return artifacts.stream().filter(a -> a.kind().equals("checkpoint") && phase.equals(a.phase())).toList();
    }

    /**
     * The step of the first progress line the worker logged for the phase. Its first report is always logged
     * (later ones every few seconds), whereas the server may never see it: heartbeats are throttled.
     */
    private long firstStepLogged(RecflowProcess worker) {
        Pattern progress = Pattern.compile(" " + Pattern.quote(phase) + ": epoch \\d+/\\d+, step (\\d+)/\\d+");
        return worker.logLines().stream().map(progress::matcher).filter(Matcher::find).findFirst()
                .map(m -> Long.parseLong(m.group(1)))
                .orElseThrow(() -> new AssertionError("no " + phase + " progress in " + worker.log()));
    }
}
