package io.recflow.api.pipelines;

import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.StageStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One stage of a run: the workflow's view (status, times, artifacts, and once done what it measured)
 * joined with lineage's (attempt, worker, device, the code that ran it) and, while it runs, its last heartbeat
 * ({@code progress}), and every other activity of the stage running now with its own ({@code parts}: the
 * comparisons a fine-tune stage trains beside its candidate). A stage the step cache answered has status
 * CACHED and says where its result came from ({@code reusedFrom}).
 */
public record StageView(String stage, StageStatus status, int attempt, Instant startedAt, Instant endedAt,
                        Long durationMs, String worker, String device, String codeVersion, List<ArtifactRef> artifacts,
                        String message,
                        TrainingProgress progress, List<LiveActivities.Live> parts, Map<String, Double> metrics,
                        ReusedFrom reusedFrom) {
}
