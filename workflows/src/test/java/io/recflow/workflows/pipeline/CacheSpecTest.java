package io.recflow.workflows.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.workflows.spec.CacheSpec;
import io.recflow.workflows.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec's cache section: its forms, its defaults, its rules, and stage ids that are the pipeline's. */
class CacheSpecTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theCachedStagesAreStagesOfThePipeline() {
        List<String> stages = Arrays.stream(Stage.values()).map(Stage::id).toList();
        assertTrue(stages.containsAll(CacheSpec.CACHEABLE), CacheSpec.CACHEABLE::toString);
    }

    @Test
    void falseTrueAndAnObjectAreRead() throws Exception {
        assertFalse(json.readValue("false", CacheSpec.class).reuses("tokenize"));
        assertTrue(json.readValue("true", CacheSpec.class).reuses("tokenize"));
        CacheSpec skip = json.readValue("{\"skip\": [\"fine-tune\"]}", CacheSpec.class);
        assertTrue(skip.reuses("tokenize"));
        assertFalse(skip.reuses("fine-tune"));
        assertFalse(skip.reuses("evaluate"), "only the cached stages reuse");
    }

    @Test
    void aSpecWithoutCacheReusesAndASkipOfAnotherStageIsRefused() {
        PipelineSpec spec = PipelineSpec.builder().model("m").build();
        assertTrue(spec.withDefaults().cache().reuses("fine-tune"));
        List<String> problems = spec.toBuilder().cache(new CacheSpec(null, List.of("evaluate", "train"))).build()
                .problems().stream().filter(p -> p.startsWith("cache.")).toList();
        assertEquals(List.of(
                "cache.skip: 'evaluate' is not a cached stage: one of tokenize, fine-tune (the others always run)",
                "cache.skip: 'train' is not a cached stage: one of tokenize, fine-tune"), problems);
    }
}
