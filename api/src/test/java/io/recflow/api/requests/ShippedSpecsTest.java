package io.recflow.api.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The specs recflow ships — the demo's and the benchmarks' — pass the REST boundary: read strictly, and
 * valid. A field renamed in a spec record must be renamed in them too, or the demo and the benchmarks are
 * refused at submit.
 */
class ShippedSpecsTest {

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
            PipelineSpec spec = STRICT.readValue(file.toFile(), PipelineSpec.class);
            assertEquals(List.of(), spec.problems(), file.toString());
        }
    }
}
