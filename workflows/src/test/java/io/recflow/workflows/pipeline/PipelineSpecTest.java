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

    private static PipelineSpec withTokenizer(TokenizerSpec tokenizer) {
        return new PipelineSpec("m", new DataSpec("file:///d", null, null, null), tokenizer, null, null, null, null);
    }

    @Test
    void givenCodesNeedNoLevelsOrCodebookAndDefaultTheQuantizer() {
        PipelineSpec spec = withTokenizer(new TokenizerSpec(null, null, null, null, null, null,
                "file:///data/Instruments.index.json"));
        assertEquals(List.of(), spec.problems());
        TokenizerSpec normalized = spec.withDefaults().tokenizer();
        assertEquals("given", normalized.quantizer());
        assertEquals(null, normalized.levels(), "the recorded spec shows the levels played no part");
        assertEquals(null, normalized.codebookSize());
        assertEquals("sasrec", normalized.encoder(), "the encoder is still trained");
    }

    @Test
    void givenCodesRefuseTokenizerSettingsTheyWouldIgnore() {
        List<String> problems = withTokenizer(new TokenizerSpec(List.of("title"), 64, "kmeans", null, null, null,
                "https://example.org/codes.json")).problems();
        assertEquals(List.of(
                "tokenizer.codesUri: must be an s3:// or file:// URI of a JSON index {\"item\": [\"<a_12>\", ...]}",
                "tokenizer.levels: must be left out when tokenizer.codesUri is given (the index fixes the levels)",
                "tokenizer.codebookSize: must be left out when tokenizer.codesUri is given (the index fixes the level sizes)",
                "tokenizer.quantizer: must be 'given' (or left out) when tokenizer.codesUri is given"), problems);
    }

    @Test
    void theGivenQuantizerNeedsCodes() {
        List<String> problems = withTokenizer(new TokenizerSpec(null, null, "given", null, null, null, null)).problems();
        assertEquals(List.of("tokenizer.codesUri: is required when tokenizer.quantizer is 'given'"), problems);
    }
}
