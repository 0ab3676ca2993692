package io.recflow.activities.finetune;

import io.recflow.ml.llara.PromptTemplate;
import io.recflow.ml.split.Example;
import io.recflow.workflows.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmSettingsTest {

    private static final List<Example> EXAMPLES = IntStream.range(0, 50)
            .mapToObj(i -> new Example("u" + i, new int[]{i}, i + 1)).toList();

    @Test
    void theSampleIsTheSameForTheSameSeedKeepsTheOrderAndDiffersForAnother() {
        List<Example> sample = LlmSettings.sample(EXAMPLES, 10, 7);

        assertEquals(10, sample.size());
        assertEquals(sample, LlmSettings.sample(EXAMPLES, 10, 7));
        assertNotEquals(sample, LlmSettings.sample(EXAMPLES, 10, 8));
        List<Integer> positions = sample.stream().map(EXAMPLES::indexOf).toList();
        assertEquals(positions.stream().sorted().toList(), positions);
        assertTrue(positions.stream().allMatch(p -> p >= 0));
    }

    @Test
    void noLimitOrAnAmpleOneKeepsEveryExample() {
        assertSame(EXAMPLES, LlmSettings.sample(EXAMPLES, 0, 7));
        assertSame(EXAMPLES, LlmSettings.sample(EXAMPLES, 50, 7));
    }

    @Test
    void theTemplateIsTheSpecsOrElseTheDataSets() {
        String own = "Had " + PromptTemplate.HISTORY + "; pick one of " + PromptTemplate.CANDIDATES + ":";
        assertEquals(own, LlmSettings.template(TrainingSpec.builder().promptTemplate(own).build(), "movielens").text());
        assertEquals(PromptTemplate.movieLens(), LlmSettings.template(TrainingSpec.builder().build(), "movielens"));
        assertEquals(PromptTemplate.items(), LlmSettings.template(TrainingSpec.builder().build(), "synthetic"));
    }
}
