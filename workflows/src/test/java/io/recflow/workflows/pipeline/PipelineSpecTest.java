package io.recflow.workflows.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSpecTest {

    private static PipelineSpec withTraining(TrainingSpec training) {
        return new PipelineSpec("m", new DataSpec("file:///d", null, null, null), null, training, null, null, null);
    }

    private static TrainingSpec adapter(String adapter, Integer experts, Integer rank) {
        return new TrainingSpec(null, null, null, adapter, experts, rank, null, null, null, null, null, null, null,
                null, null, null);
    }

    private static TrainingSpec comparing(String adapter, Integer rank, List<String> compareAdapters) {
        return new TrainingSpec(null, null, null, adapter, null, rank, null, null, null, null, null, null, null,
                null, null, compareAdapters);
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
    void noComparisonsByDefault() {
        assertEquals(List.of(), withTraining(null).withDefaults().training().compareAdapters());
        assertEquals(withTraining(comparing(null, null, List.of())).withDefaults(), withTraining(null).withDefaults());
    }

    @Test
    void comparisonAdaptersMustBeKnownOtherThanTheCandidatesAndNamedOnce() {
        List<String> problems = withTraining(comparing("moe-lora", null, List.of("lora", "qlora", "moe-lora", "lora")))
                .problems();
        assertEquals(List.of("training.compareAdapters: unknown adapter 'qlora', known: [moe-lora, lora, full]",
                "training.compareAdapters: must not name the candidate's own adapter (moe-lora)",
                "training.compareAdapters: names lora more than once"), problems);
    }

    @Test
    void aMissingComparisonNameIsAProblemNotACrash() {
        List<String> problems = withTraining(comparing(null, null, Arrays.asList("lora", null))).problems();
        assertEquals(List.of("training.compareAdapters: unknown adapter 'null', known: [moe-lora, lora, full]"),
                problems);
    }

    @Test
    void aMoeLoraComparisonNeedsARankItsExpertsCanShare() {
        assertEquals(List.of("training.compareAdapters: a moe-lora comparison has 4 experts: the rank must be a"
                + " multiple of 4"), withTraining(comparing("lora", 6, List.of("moe-lora"))).problems());
        assertEquals(List.of(), withTraining(comparing("lora", 8, List.of("moe-lora", "full"))).problems());
    }

    @Test
    void aComparisonKeepsTheCandidatesHyperParametersAndTotalRank() {
        TrainingSpec candidate = comparing("moe-lora", 8, List.of("lora")).withDefaults();
        TrainingSpec lora = candidate.comparison("lora");
        assertEquals(1, lora.experts());
        assertEquals(8, lora.rank());
        assertEquals(List.of(), lora.compareAdapters());
        assertEquals(candidate.candidate(), new TrainingSpec(lora.baseModel(), lora.pretrainEpochs(),
                lora.fineTuneEpochs(), "moe-lora", 4, lora.rank(), lora.alpha(), lora.learningRate(),
                lora.pretrainLearningRate(), lora.batchSize(), lora.historyLength(), lora.layers(), lora.hiddenSize(),
                lora.checkpointEvery(), lora.device(), null));
    }

    @Test
    void thePromotionMetricMustComeFromAProtocolThatRuns() {
        PipelineSpec spec = new PipelineSpec("m", new DataSpec("file:///d", null, null, null), null, null,
                new EvaluationSpec(List.of("candidates"), null, null, null, null), null, null);
        assertTrue(spec.problems().get(0).startsWith("promotion.metric:"), spec.problems()::toString);
    }
}
