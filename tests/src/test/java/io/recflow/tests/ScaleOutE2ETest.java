package io.recflow.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out as separate processes: an api-only process, a gpu-queue worker (fine-tuning) and two
 * cpu-queue workers (the pipeline workflow and the light stages). A batch of small pipelines spreads
 * its cpu stages over both cpu workers; every fine-tuning runs on the gpu-queue worker. (Throughput
 * with one vs two workers: bench/scaleout.sh.)
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
        processes.add(RecflowProcess.start("scale-gpu", "gpu"));
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
        E2e.report("scale-out: " + PIPELINES + " pipelines on api + gpu worker + 2 cpu workers (s)", seconds);

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
