package io.recflow.api.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recflow.api.pipelines.SpecPatches;
import io.recflow.api.sweeps.SweepRequest;
import io.recflow.workflows.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The specs recflow ships — the demo's and the benchmarks' (and the benchmarks' sweep requests) — pass the REST
 * boundary: read strictly, and valid. A field renamed in a spec record must be renamed in them too, or the demo
 * and the benchmarks are refused at submit.
 */
class ShippedSpecsTest {

    private static final Path SWEEPS = Path.of("../bench/quality/sweeps");
    private static final ObjectMapper STRICT = new StrictRequestJson(new ObjectMapper()).getContext(PipelineSpec.class);

    @Test
    void theDemoAndBenchmarkSpecsReadStrictlyAndAreValid() throws IOException {
        List<Path> specs = new ArrayList<>(List.of(Path.of("src/main/resources/demo/pipeline-spec.json")));
        try (Stream<Path> bench = Files.walk(Path.of("../bench"))) {
            // bench/results holds what the benchmarks wrote (git-ignored), not specs
            bench.filter(p -> p.toString().endsWith(".json") && !p.startsWith(Path.of("../bench/results")))
                    .sorted().forEach(specs::add);
        }
        assertTrue(specs.size() > 5, specs::toString);
        for (Path file : specs) {
            if (file.startsWith(SWEEPS)) {
                checkSweep(file);
                continue;
            }
            PipelineSpec spec = STRICT.readValue(file.toFile(), PipelineSpec.class);
            assertEquals(List.of(), spec.problems(), file.toString());
        }
    }

    /** A sweep request of the benchmarks: read strictly, and every configuration (base + its run) valid. */
    private static void checkSweep(Path file) throws IOException {
        SweepRequest request = STRICT.readValue(file.toFile(), SweepRequest.class);
        assertEquals(List.of(), request.spec().problems(), file.toString());
        for (PipelineSpec run : request.runs() == null ? List.<PipelineSpec>of() : request.runs()) {
            ObjectNode merged = STRICT.valueToTree(request.spec());
            SpecPatches.merge(merged, STRICT.valueToTree(run));
            assertEquals(List.of(), STRICT.treeToValue(merged, PipelineSpec.class).problems(), file + " " + run);
        }
    }
}
