package io.recflow.workflows.pipeline;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSpecTest {

    private static PipelineSpec withTraining(TrainingSpec training) {
        return new PipelineSpec("m", new DataSpec("file:///d", null, null, null), null, training, null, null, null);
    }

    private static TrainingSpec adapter(String adapter, Integer experts, Integer rank) {
        return new TrainingSpec(null, null, null, adapter, experts, rank, null, null, null, null, null, null, null,
                null, null);
    }

    @Test
    void defaultsAreValidAndFilledIn() {
        PipelineSpec spec = withTraining(null);
        assertEquals(List.of(), spec.problems());
        PipelineSpec normalized = spec.withDefaults();
        assertEquals(42L, normalized.seed());
        assertEquals(4, normalized.training().experts());
        assertEquals(8, normalized.training().rank());
        assertEquals("full-ranking/NDCG@10", normalized.promotion().metric());
    }

    @Test
    void plainLoraDefaultsToOneExpert() {
        assertEquals(1, withTraining(adapter("lora", null, null)).withDefaults().training().experts());
    }

    @Test
    void zeroExpertsIsAProblemNotACrash() {
        List<String> problems = withTraining(adapter("moe-lora", 0, 8)).problems();
        assertTrue(problems.contains("training.experts: must be in 1..64"), problems::toString);
    }

    @Test
    void theRankMustSplitEvenlyOverTheExperts() {
        List<String> problems = withTraining(adapter("moe-lora", 4, 6)).problems();
        assertEquals(List.of("training.rank: must be a multiple of experts (4)"), problems);
    }

    @Test
    void thePromotionMetricMustComeFromAProtocolThatRuns() {
        PipelineSpec spec = new PipelineSpec("m", new DataSpec("file:///d", null, null, null), null, null,
                new EvaluationSpec(List.of("candidates"), null, null, null, null), null, null);
        assertTrue(spec.problems().get(0).startsWith("promotion.metric:"), spec.problems()::toString);
    }

    private static PipelineSpec withPromotion(Double significance, Integer bootstrapSamples) {
        return new PipelineSpec("m", new DataSpec("file:///d", null, null, null), null, null, null,
                new PromotionSpec(null, null, null, null, significance, bootstrapSamples), null);
    }

    @Test
    void promotionAsksForASignificantGainByDefault() {
        PromotionSpec promotion = withPromotion(null, null).withDefaults().promotion();
        assertEquals(0.05, promotion.significance());
        assertEquals(2000, promotion.bootstrapSamples());
        assertTrue(promotion.testsSignificance());
        assertEquals(List.of(), withPromotion(0.0, 100).problems());
        assertTrue(!withPromotion(0.0, null).withDefaults().promotion().testsSignificance(), "0 turns the test off");
    }

    @Test
    void significanceAndResamplesOutsideTheirRangesAreProblems() {
        assertEquals(List.of("promotion.significance: must be in 0..0.5 (the test's alpha, e.g. 0.05; 0 turns the"
                + " test off)", "promotion.bootstrapSamples: must be in 100..100000"), withPromotion(0.6, 99).problems());
        assertTrue(withPromotion(-0.01, null).problems().get(0).startsWith("promotion.significance:"));
        assertTrue(withPromotion(null, 100_001).problems().get(0).startsWith("promotion.bootstrapSamples:"));
    }
}
