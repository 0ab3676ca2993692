package io.recflow.workflows.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code training.backbone}: the tiny backbone unchanged, and the rules of a foundation-model backbone. */
class FoundationBackboneSpecTest {

    private static PipelineSpec.PipelineSpecBuilder base() {
        return PipelineSpec.builder().model("m").data(DataSpec.builder().uri("file:///d").format("movielens").build());
    }

    private static PipelineSpec onFoundationModel(TrainingSpec.TrainingSpecBuilder training) {
        return base().training(training.backbone("smollm2-135m").build()).build();
    }

    @Test
    void aSpecWithoutABackboneSerialisesAsBefore() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String backbone : new String[]{null, TrainingSpec.TINY_BACKBONE}) {
            PipelineSpec spec = base().training(TrainingSpec.builder().backbone(backbone).build()).build().validated();
            String written = json.writeValueAsString(spec.training());
            assertFalse(written.contains("backbone") || written.contains("maxPromptTokens")
                    || written.contains("maxTrainingExamples") || written.contains("promptTemplate"), written);
            assertFalse(spec.training().isLanguageModel());
            assertEquals("full-ranking/NDCG@10", spec.promotion().metric());
            assertEquals(json.readValue(written, TrainingSpec.class), spec.training());
        }
    }

    @Test
    void aFoundationModelBackboneDefaultsToTheCandidatesProtocolAndItsLikelihoodHitRatio() {
        PipelineSpec spec = onFoundationModel(TrainingSpec.builder()).validated();
        assertTrue(spec.training().isLanguageModel());
        assertEquals(List.of("candidates"), spec.evaluation().protocols());
        assertEquals("candidates/HR@1", spec.promotion().metric());
        assertEquals(512, spec.training().maxPromptTokens());
        assertEquals(0, spec.training().maxTrainingExamples());
        assertNull(spec.training().promptTemplate());
    }

    @Test
    void aFoundationModelIsFineTunedWithAdaptersOnly() {
        assertEquals(List.of("training.adapter: must be one of [moe-lora, lora] for a foundation-model backbone: its"
                        + " base stays frozen, so not full"),
                onFoundationModel(TrainingSpec.builder().adapter("full")).problems());
        assertEquals(List.of("training.compareAdapters: cannot hold full for a foundation-model backbone: its base"
                        + " stays frozen"),
                onFoundationModel(TrainingSpec.builder().compareAdapters(List.of("lora", "full"))).problems());
        assertEquals(List.of(), onFoundationModel(TrainingSpec.builder().compareAdapters(List.of("lora"))).problems());
    }

    @Test
    void fullRankingIsRefusedForAFoundationModel() {
        PipelineSpec spec = base().training(TrainingSpec.builder().backbone("smollm2-135m").build())
                .evaluation(EvaluationSpec.builder().protocols(List.of("full-ranking", "candidates")).build()).build();
        assertEquals(List.of("evaluation.protocols: full-ranking is not run for a foundation-model backbone, which is"
                + " scored with [candidates] only"), spec.problems());
    }

    @Test
    void languageModelSettingsAreChecked() {
        List<String> problems = onFoundationModel(TrainingSpec.builder().maxPromptTokens(8).maxTrainingExamples(-1)
                .promptTemplate("no markers").baseModel("demo:1")).problems();
        assertEquals(List.of(
                "training.baseModel: applies to the tiny backbone only; a foundation-model backbone starts from"
                        + " training.backbone",
                "training.maxPromptTokens: must be in 32..8192",
                "training.maxTrainingExamples: must be 0 (all) or more",
                "training.promptTemplate: must hold [HistoryHere] once, then [CansHere] once"), problems);
        assertEquals(List.of("training.promptTemplate: must hold [HistoryHere] once, then [CansHere] once"),
                onFoundationModel(TrainingSpec.builder().promptTemplate("[HistoryHere] [HistoryHere] [CansHere]"))
                        .problems());
        assertEquals(List.of("training.backbone: must be 'tiny' or the name of an imported foundation model"),
                base().training(TrainingSpec.builder().backbone("Not A Name").build()).build().problems());
    }

    @Test
    void languageModelSettingsDoNotApplyToTheTinyBackbone() {
        assertEquals(List.of("training.backbone: maxPromptTokens, maxTrainingExamples and promptTemplate apply only"
                        + " to a foundation-model backbone, not the tiny one"),
                base().training(TrainingSpec.builder().maxPromptTokens(256).build()).build().problems());
    }
}
