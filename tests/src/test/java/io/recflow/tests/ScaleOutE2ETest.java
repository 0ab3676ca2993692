package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out as separate processes: an api-only process, a gpu-queue worker (fine-tuning) and two
 * cpu-queue workers (the pipeline workflow and the light stages). A batch of small pipelines spreads
 * its cpu stages over both cpu workers; every fine-tuning runs on the gpu-queue worker, which has two
 * training slots, so a run's comparison adapters train there side by side. (Throughput with one vs two
 * workers: bench/scaleout.sh.)
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@Order(2)
class ScaleOutE2ETest {

    private static final String MODEL = "e2e-scale-" + E2e.RUN;
    private static final int PIPELINES = 4;
    private static final List<String> CPU_STAGES = List.of("ingest", "tokenize", "evaluate", "promote");
    private static final List<RecflowProcess> processes = new ArrayList<>();

    @BeforeAll
    static void start() {
        processes.add(RecflowProcess.start("scale-api", "none"));
        processes.add(RecflowProcess.start("scale-gpu", "gpu", Map.of("recflow.worker.max-concurrent-trainings", "2")));
        processes.add(RecflowProcess.start("scale-cpu-1", "cpu"));
        processes.add(RecflowProcess.start("scale-cpu-2", "cpu"));
    }

    @AfterAll
    static void stop() {
        processes.forEach(RecflowProcess::close);
    }

    @Test
    void aBatchOfPipelinesSpreadsOverBothCpuWorkers() {
        RecflowProcess api = processes.get(0);
        RecflowProcess gpu = processes.get(1);
        RecflowProcess cpu1 = processes.get(2);
        RecflowProcess cpu2 = processes.get(3);
        E2e.SmallData data = E2e.smallData("scale-data", 31);
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PIPELINES; i++) {
            Map<String, Object> spec = new java.util.LinkedHashMap<>(E2e.spec(MODEL, data.folder()));
            spec.put("seed", 200 + i);
            ids.add(PipelineRuns.start(api.api(), spec));
        }
        for (String id : ids) {
            PipelineRuns.awaitCompleted(api.api(), id, Duration.ofMinutes(10));
        }
        double seconds = E2e.seconds(started, System.nanoTime());
        E2e.report("scale-out: " + PIPELINES + " pipelines on api + gpu worker (2 training slots) + 2 cpu workers (s)",
                seconds);

        List<Lineage.Step> steps = ids.stream().flatMap(id -> Lineage.steps(id).stream()).toList();
        Map<String, Long> byWorker = new TreeMap<>(steps.stream().filter(s -> CPU_STAGES.contains(s.stage()))
                .collect(Collectors.groupingBy(s -> label(s.worker(), cpu1, cpu2, gpu), Collectors.counting())));
        E2e.report("scale-out: cpu-stage steps per worker", byWorker);
        assertTrue(byWorker.getOrDefault("cpu-1", 0L) > 0 && byWorker.getOrDefault("cpu-2", 0L) > 0,
                "both cpu workers ran stages: " + byWorker);
        assertEquals(Map.of("cpu-1", byWorker.get("cpu-1"), "cpu-2", byWorker.get("cpu-2")), byWorker,
                "cpu stages ran only on the cpu workers");
        List<String> fineTuneWorkers = steps.stream().filter(s -> s.stage().equals("fine-tune"))
                .map(s -> label(s.worker(), cpu1, cpu2, gpu)).distinct().toList();
        assertEquals(List.of("gpu"), fineTuneWorkers, "fine-tuning ran on the gpu-queue worker only");
    }

    @Test
    void comparisonAdaptersTrainSideBySideAndTheRunViewShowsEach() {
        RecflowProcess api = processes.get(0);
        Map<String, Object> spec = E2e.spec(MODEL + "-compare", E2e.smallData("scale-compare-data", 37).folder(),
                1, 3, 50);
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) spec.get("training");
        training.put("compareAdapters", List.of("lora", "full"));
        String id = PipelineRuns.start(api.api(), spec);

        // The run view while it runs: which comparisons had heartbeated, at the same time. (The SDK sends an
        // attempt's first heartbeat at once and then at most every few seconds: these trainings last about 5 s,
        // so the server may never see one with a phase.)
        Set<String> heartbeatingTogether = new TreeSet<>();
        JsonNode run = PipelineRuns.awaitEnd(api.api(), id, Duration.ofMinutes(10), view -> {
            Set<String> now = new TreeSet<>();
            for (JsonNode stage : view.get("stages")) {
                stage.path("parts").forEach(part -> {
                    if (part.hasNonNull("progress")) {
                        now.add(part.get("part").asText());
                    }
                });
            }
            if (now.size() > heartbeatingTogether.size()) {
                heartbeatingTogether.clear();
                heartbeatingTogether.addAll(now);
            }
        });
        // A retried comparison has a step per attempt: its last one counts.
        Map<String, Lineage.Step> comparisons = Lineage.steps(id).stream()
                .filter(s -> s.stage().equals("fine-tune") && !s.part().isEmpty())
                .collect(Collectors.toMap(Lineage.Step::part, s -> s, (a, b) -> b.attempt() >= a.attempt() ? b : a));
        Lineage.Step lora = comparisons.get("comparison lora");
        Lineage.Step full = comparisons.get("comparison full");
        E2e.report("comparisons: lora " + lora.startedAt() + " .. " + lora.endedAt() + ", full", full.startedAt()
                + " .. " + full.endedAt());
        assertTrue(lora.startedAt().isBefore(full.endedAt()) && full.startedAt().isBefore(lora.endedAt()),
                "the two comparisons' steps overlap in time");
        assertEquals("COMPLETED", run.get("status").asText(), run.path("message").asText());
        E2e.report("comparisons: heartbeating at once in the run view", heartbeatingTogether);
        assertEquals(Set.of("comparison full", "comparison lora"), heartbeatingTogether);
    }

    private static String label(String worker, RecflowProcess cpu1, RecflowProcess cpu2, RecflowProcess gpu) {
        if (worker.startsWith(cpu1.workerPrefix())) {
            return "cpu-1";
        }
        if (worker.startsWith(cpu2.workerPrefix())) {
            return "cpu-2";
        }
        if (worker.startsWith(gpu.workerPrefix())) {
            return "gpu";
        }
        return worker;
    }
}
