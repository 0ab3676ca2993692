package io.recflow.workflows.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSpecTest {

    private static PipelineSpec withTraining(TrainingSpec training) {
        return base().training(training).build();
    }

    /** A spec with a model and a data URI, everything else left out. */
    private static PipelineSpec.PipelineSpecBuilder base() {
        return PipelineSpec.builder().model("m").data(DataSpec.builder().uri("file:///d").build());
    }

    private static TrainingSpec adapter(String adapter, Integer experts, Integer rank) {
        return TrainingSpec.builder().adapter(adapter).experts(experts).rank(rank).build();
    }

    private static TrainingSpec comparing(String adapter, Integer rank, List<String> compareAdapters) {
        return TrainingSpec.builder().adapter(adapter).rank(rank).compareAdapters(compareAdapters).build();
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
    void dropoutIsNoneUnlessGivenAndStaysOutOfJsonThen() throws Exception {
        TrainingSpec training = withTraining(null).withDefaults().training();
        assertEquals(0, training.dropoutRate());
        assertFalse(new ObjectMapper().writeValueAsString(training).contains("dropout"));
        TrainingSpec given = withTraining(TrainingSpec.builder().dropout(0.1).build()).withDefaults().training();
        assertEquals(0.1, given.dropoutRate());
        assertEquals(given, new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(given), TrainingSpec.class));
    }

    @Test
    void dropoutMustBeARateTheTinyBackboneTrainsWith() {
        assertEquals(List.of("training.dropout: must be in 0..0.9"),
                withTraining(TrainingSpec.builder().dropout(0.95).build()).problems());
        assertEquals(List.of("training.dropout: must be in 0..0.9"),
                withTraining(TrainingSpec.builder().dropout(-0.1).build()).problems());
        assertEquals(List.of(), withTraining(TrainingSpec.builder().dropout(0.0).build()).problems());
        assertEquals(List.of("training.dropout: applies to the tiny backbone only (a foundation model's adapters use"
                        + " LoRA's dropout)"),
                withTraining(TrainingSpec.builder().backbone("smollm2-135m").dropout(0.1).build()).problems()
                        .stream().filter(p -> p.startsWith("training.dropout")).toList());
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

    /** JSON's null in a list ({@code "protocols": [null]}): named like any unknown entry, not a crash. */
    @Test
    void aMissingEntryInAnyListIsAProblemNotACrash() {
        List<String> absent = Arrays.asList((String) null);
        PipelineSpec spec = base().cache(new CacheSpec(true, absent))
                .evaluation(EvaluationSpec.builder().protocols(absent).validation(true).build())
                .tokenizer(TokenizerSpec.builder().levels(absent).build()).build();
        assertEquals(List.of(
                "tokenizer.levels: unknown level 'null', known: [category, title, description, collaborative]",
                "evaluation.protocols: unknown protocol 'null', known: [full-ranking, candidates, temporal-gap]",
                "evaluation.validation: needs a protocol scored on validation targets [full-ranking, candidates];"
                        + " temporal-gap has none",
                "promotion.metric: must be 'protocol/metric' with a protocol the evaluation runs [], not"
                        + " 'full-ranking/NDCG@10'",
                "cache.skip: 'null' is not a cached stage: one of tokenize, fine-tune"), spec.problems());
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
        assertEquals(candidate.candidate(), lora.toBuilder().adapter("moe-lora").experts(4).compareAdapters(null).build());
    }

    @Test
    void thePromotionMetricMustComeFromAProtocolThatRuns() {
        PipelineSpec spec = base().evaluation(EvaluationSpec.builder().protocols(List.of("candidates")).build()).build();
        assertTrue(spec.problems().get(0).startsWith("promotion.metric:"), spec.problems()::toString);
    }

    /** A misspelt metric, or one that is no score to maximise, is found at submit, not after training at promotion. */
    @Test
    void thePromotionMetricMustBeAScoreItsProtocolReports() {
        assertEquals(List.of("promotion.metric: 'NDCG@20' is not a score full-ranking reports for every model; one of"
                + " [Recall@1, Recall@5, Recall@10, NDCG@5, NDCG@10]"), promotingOn("full-ranking/NDCG@20", null));
        assertEquals(List.of("promotion.metric: 'HR@1-std' is not a score candidates reports for every model; one of"
                + " [HR@1]"), promotingOn("candidates/HR@1-std", null));
        assertEquals(List.of(), promotingOn("candidates/HR@1", null));
        // A language model's generated answers have a hit rate of their own; the tiny backbone generates none.
        assertEquals(List.of("promotion.metric: 'HR@1-generated' is not a score candidates reports for every model;"
                + " one of [HR@1]"), promotingOn("candidates/HR@1-generated", null));
        assertEquals(List.of(), promotingOn("candidates/HR@1-generated", "smollm2-135m"));
    }

    private static List<String> promotingOn(String metric, String backbone) {
        return base().training(TrainingSpec.builder().backbone(backbone).build())
                .evaluation(EvaluationSpec.builder().protocols(List.of("full-ranking", "candidates")).build())
                .promotion(PromotionSpec.builder().metric(metric).build()).build().problems().stream()
                .filter(p -> !p.startsWith("evaluation.protocols")).toList();
    }

    private static PipelineSpec withData(DataSpec data, List<String> protocols) {
        return base().data(data)
                .evaluation(protocols == null ? null : EvaluationSpec.builder().protocols(protocols).build()).build();
    }

    private static DataSpec split(String format, String split, Integer lapse) {
        return DataSpec.builder().uri("file:///d").format(format).split(split).lapse(lapse).build();
    }

    @Test
    void theDefaultSplitIsAutoWithoutALapse() {
        DataSpec data = withTraining(null).withDefaults().data();
        assertEquals("auto", data.split());
        assertEquals(null, data.lapse());
        assertEquals(List.of("full-ranking", "candidates"), withTraining(null).withDefaults().evaluation().protocols());
    }

    @Test
    void theTemporalGapSplitDefaultsToCaseqsLapseAndProtocolAndMetric() {
        PipelineSpec spec = withData(split("caseq", "temporal-gap", null), null);
        assertEquals(List.of(), spec.problems());
        PipelineSpec normalized = spec.withDefaults();
        assertEquals(31, normalized.data().lapse());
        assertEquals(List.of("temporal-gap"), normalized.evaluation().protocols());
        assertEquals("temporal-gap/NDCG@10-ood", normalized.promotion().metric());
    }

    @Test
    void theTemporalGapProtocolNeedsTheTemporalGapSplit() {
        List<String> problems = withData(split("caseq", "leave-one-out", null), List.of("temporal-gap")).problems();
        assertTrue(problems.contains("evaluation.protocols: temporal-gap needs data.split temporal-gap, not leave-one-out"),
                problems::toString);
    }

    @Test
    void testExampleProtocolsCannotRunOnTheTemporalGapSplit() {
        List<String> problems = withData(split("caseq", "temporal-gap", 10), List.of("candidates", "temporal-gap"))
                .problems();
        assertTrue(problems.get(0).startsWith("evaluation.protocols: candidates needs a split with test examples"),
                problems::toString);
        assertEquals(1, problems.stream().filter(p -> p.startsWith("evaluation.")).count(), problems::toString);
    }

    @Test
    void splitProblemsNameTheField() {
        assertEquals(List.of("data.split: must be one of [auto, leave-one-out, predefined, temporal-gap]"),
                withData(split("caseq", "random", null), null).problems());
        assertEquals(List.of("data.split: temporal-gap cannot be used with format ilora, whose files fix the split;"
                + " use auto or predefined"), withData(split("ilora", "temporal-gap", null), null).problems());
        assertEquals(List.of("data.split: predefined needs a format that ships its split (ilora), not caseq"),
                withData(split("caseq", "predefined", null), null).problems());
        assertEquals(List.of("data.lapse: only applies to data.split temporal-gap, not auto"),
                withData(split("caseq", null, 30), null).problems());
        String lapseRange = "data.lapse: must be in 2..100000 (at least 2: the in- and out-of-distribution targets must"
                + " differ)";
        assertEquals(List.of(lapseRange), withData(split("caseq", "temporal-gap", 1), null).problems());
        // a user would need more events than an int counts to be evaluated
        assertEquals(List.of(lapseRange), withData(split("caseq", "temporal-gap", Integer.MAX_VALUE), null).problems());
    }

    @Test
    void aTrainUriOnlyAppliesToTheIloraFormat() {
        DataSpec movielens = DataSpec.builder().uri("file:///d").format("movielens").trainUri("file:///ml/u.data").build();
        assertEquals(List.of("data.trainUri: only applies to format ilora (training users for its val/test users),"
                + " not movielens"), withData(movielens, null).problems());
        DataSpec ilora = DataSpec.builder().uri("file:///d").format("ilora").trainUri("file:///ml/u.data").build();
        assertEquals(List.of(), withData(ilora, null).problems());
    }

    private static PipelineSpec withPromotion(Double significance, Integer bootstrapSamples) {
        return base().promotion(PromotionSpec.builder().significance(significance).bootstrapSamples(bootstrapSamples)
                .build()).build();
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

    private static PipelineSpec withTokenizer(TokenizerSpec tokenizer) {
        return base().tokenizer(tokenizer).build();
    }

    @Test
    void theLearnedVqQuantizerTrainsCodesLikeKmeans() {
        PipelineSpec spec = withTokenizer(TokenizerSpec.builder().codebookSize(64).quantizer("vq").build());
        assertEquals(List.of(), spec.problems());
        TokenizerSpec normalized = spec.withDefaults().tokenizer();
        assertEquals("vq", normalized.quantizer());
        assertEquals(TokenizerSpec.LEVELS, normalized.levels());
        assertEquals(List.of("tokenizer.quantizer: must be one of [kmeans, vq, rkmeans, given]"),
                withTokenizer(TokenizerSpec.builder().quantizer("rq-vae").build()).problems());
        assertEquals(List.of("tokenizer.quantizer: must be 'given' (or left out) when tokenizer.codesUri is given"),
                withTokenizer(TokenizerSpec.builder().quantizer("vq").codesUri("file:///data/codes.json").build())
                        .problems());
    }

    @Test
    void residualKMeansHasADepthAndNoOtherQuantizerTakesOne() {
        TokenizerSpec residual = withTokenizer(TokenizerSpec.builder().quantizer("rkmeans").build())
                .validated().tokenizer();
        assertEquals(3, residual.residualDepth());
        assertEquals(5, withTokenizer(TokenizerSpec.builder().quantizer("rkmeans").residualDepth(5).build())
                .validated().tokenizer().residualDepth());
        assertNull(withTokenizer(TokenizerSpec.builder().build()).validated().tokenizer().residualDepth(),
                "left out of the other quantizers' specs");
        assertEquals(List.of("tokenizer.residualDepth: must be in 2..8"),
                withTokenizer(TokenizerSpec.builder().quantizer("rkmeans").residualDepth(1).build()).problems());
        assertEquals(List.of("tokenizer.residualDepth: is only for tokenizer.quantizer 'rkmeans'"),
                withTokenizer(TokenizerSpec.builder().residualDepth(3).build()).problems());
    }

    @Test
    void givenCodesNeedNoLevelsOrCodebookAndDefaultTheQuantizer() {
        PipelineSpec spec = withTokenizer(TokenizerSpec.builder().codesUri("file:///data/Instruments.index.json").build());
        assertEquals(List.of(), spec.problems());
        TokenizerSpec normalized = spec.withDefaults().tokenizer();
        assertEquals("given", normalized.quantizer());
        assertEquals(null, normalized.levels(), "the recorded spec shows the levels played no part");
        assertEquals(null, normalized.codebookSize());
        assertEquals("sasrec", normalized.encoder(), "the encoder is still trained");
    }

    @Test
    void givenCodesRefuseTokenizerSettingsTheyWouldIgnore() {
        List<String> problems = withTokenizer(TokenizerSpec.builder().levels(List.of("title")).codebookSize(64)
                .quantizer("kmeans").codesUri("https://example.org/codes.json").build()).problems();
        assertEquals(List.of(
                "tokenizer.codesUri: must be an s3:// or file:// URI of a JSON index {\"item\": [\"<a_12>\", ...]}",
                "tokenizer.levels: must be left out when tokenizer.codesUri is given (the index fixes the levels)",
                "tokenizer.codebookSize: must be left out when tokenizer.codesUri is given (the index fixes the level sizes)",
                "tokenizer.quantizer: must be 'given' (or left out) when tokenizer.codesUri is given"), problems);
    }

    @Test
    void theGivenQuantizerNeedsCodes() {
        List<String> problems = withTokenizer(TokenizerSpec.builder().quantizer("given").build()).problems();
        assertEquals(List.of("tokenizer.codesUri: is required when tokenizer.quantizer is 'given'"), problems);
    }

    @Test
    void validatedCompletesAValidSpecAndListsEveryProblemOfAnInvalidOne() {
        PipelineSpec valid = base().build();
        assertEquals(valid.withDefaults(), valid.validated());
        assertTrue(valid.validated().isComplete());
        assertFalse(valid.isComplete(), "a requested spec leaves sections out");

        PipelineSpec invalid = PipelineSpec.builder().model("Bad Name")
                .data(DataSpec.builder().format("parquet").build()).build();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, invalid::validated);
        assertTrue(e.getMessage().contains("model:"), e.getMessage());
        assertTrue(e.getMessage().contains("data.uri: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("data.format: must be one of"), e.getMessage());
        assertEquals(invalid.problems(), e.problems());
    }

    @Test
    void specsAreImmutableWhoeverBuiltThem() {
        List<String> adapters = new ArrayList<>(List.of("lora"));
        TrainingSpec training = comparing(null, null, adapters);
        adapters.add("full");
        assertEquals(List.of("lora"), training.compareAdapters());
        assertThrows(UnsupportedOperationException.class, () -> training.compareAdapters().add("full"));
    }

    @Test
    void jacksonReadsSpecsThroughTheirBuilders() throws Exception {
        PipelineSpec read = new ObjectMapper().readValue("""
                {"model": "m", "data": {"uri": "file:///d"}, "training": {"adapter": "lora", "compareAdapters": ["full"]},
                 "seed": 3}""", PipelineSpec.class);
        assertEquals(base().training(comparing("lora", null, List.of("full"))).seed(3L).build(), read);
    }

    @Test
    void locationsNameEveryUriByFieldAndSkipBlankOnes() {
        PipelineSpec spec = base().data(DataSpec.builder().uri("s3://b/d/").itemsUri(" ").trainUri("file:///t").build())
                .tokenizer(TokenizerSpec.builder().codesUri("file:///codes.json").build()).build();
        assertEquals(Map.of("data.uri", "s3://b/d/", "data.trainUri", "file:///t", "tokenizer.codesUri",
                "file:///codes.json"), spec.locations());
        assertEquals(List.of("data.uri", "data.trainUri", "tokenizer.codesUri"), List.copyOf(spec.locations().keySet()));
        assertEquals(Map.of(), PipelineSpec.builder().build().locations());
    }
}
