package io.recflow.workflows.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Backbone pre-training and adapter fine-tuning.
 *
 * @param baseModel      a registered model version {@code name:version} to fine-tune; when absent the
 *                       backbone is pre-trained first
 * @param adapter        {@code moe-lora} (iLoRA), {@code lora} (one expert) or {@code full}
 * @param experts        MoE-LoRA experts, sharing the total {@code rank}
 * @param alpha          LoRA alpha; the scaling is alpha / (rank / experts)
 * @param learningRate   peak learning rate of fine-tuning (iLoRA trains at 5e-4..8e-4; the gate at 0.3x)
 * @param pretrainLearningRate peak learning rate of backbone pre-training
 * @param historyLength  items of history the backbone sees
 * @param checkpointEvery steps between fine-tuning checkpoints
 * @param device         {@code auto} (a GPU when present), {@code cpu} or {@code gpu}
 * @param backbone       {@code tiny} (the platform's small generative backbone; left out, and kept out of JSON,
 *                       so specs from before this field serialise as they did) or the name of an imported
 *                       foundation model, fine-tuned LLaRA's way with the adapter (moe-lora or lora only: its
 *                       base stays frozen)
 * @param maxPromptTokens language-model backbone only: prompts are cut to this many tokens (oldest history first)
 * @param maxTrainingExamples language-model backbone only: at most this many training examples, a sample drawn
 *                       with the run's seed (a language model trains on far fewer than the tiny backbone); 0 = all
 * @param promptTemplate language-model backbone only: the instruction, holding {@code [HistoryHere]} then
 *                       {@code [CansHere]}; left out, the data set's (MovieLens, LastFM, or a neutral "items")
 * @param compareAdapters other adapters to fine-tune in the same run, from the same pre-trained base with the
 *                       same seed, hyper-parameters and examples, and to evaluate beside the candidate (as
 *                       iLoRA reports plain LoRA beside itself); see {@link #comparison(String)}. Empty by
 *                       default. Left out of JSON when empty, so specs without comparisons serialise as before.
 * @param dropout        tiny backbone only: dropout while it trains, on the embeddings and on what each block adds to
 *                       the residual stream (GPT-2's); left out (null, kept out of JSON) means none, as before the field
 */
@Builder(toBuilder = true)
@Jacksonized
public record TrainingSpec(String baseModel, Integer pretrainEpochs, Integer fineTuneEpochs, String adapter,
                           Integer experts, Integer rank, Double alpha, Double learningRate,
                           Double pretrainLearningRate, Integer batchSize,
                           Integer historyLength, Integer layers, Integer hiddenSize, Integer checkpointEvery,
                           String device,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> compareAdapters,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String backbone,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxPromptTokens,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxTrainingExamples,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String promptTemplate,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Double dropout) {

    public static final List<String> ADAPTERS = List.of("moe-lora", "lora", "full");
    /** iLoRA's expert count, for a moe-lora candidate or comparison that does not say otherwise. */
    public static final int DEFAULT_EXPERTS = 4;
    public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
    /** The platform's own small generative backbone, the default. */
    public static final String TINY_BACKBONE = "tiny";
    /** The adapters a language model can be fine-tuned with: its base stays frozen, so not {@code full}. */
    public static final List<String> LANGUAGE_MODEL_ADAPTERS = List.of("moe-lora", "lora");
    static final int DEFAULT_MAX_PROMPT_TOKENS = 512;
    /** Above this a dropout leaves too little of each pass to learn from. */
    static final double MAX_DROPOUT = 0.9;
    /** As the foundation-model import names models. */
    static final String FOUNDATION_MODEL_NAME = "[a-z][a-z0-9.-]{0,62}";
    /** The prompt template's markers (ml's {@code PromptTemplate}; the spec does not depend on ml). */
    static final String HISTORY_MARKER = "[HistoryHere]";
    static final String CANDIDATES_MARKER = "[CansHere]";

    /** An absent list and an empty one both mean "no comparisons"; one form keeps {@code equals} true to that. */
    public TrainingSpec {
        compareAdapters = compareAdapters == null ? List.of() : SpecLists.copy(compareAdapters);
    }

    /** The tiny backbone is kept as {@code null}, so that a spec naming it serialises as one from before the field. */
    TrainingSpec withDefaults() {
        boolean languageModel = isLanguageModel();
        return new TrainingSpec(baseModel,
                pretrainEpochs == null ? 10 : pretrainEpochs,
                fineTuneEpochs == null ? 5 : fineTuneEpochs,
                adapter == null ? "moe-lora" : adapter,
                experts == null ? ("lora".equals(adapter) ? 1 : DEFAULT_EXPERTS) : experts,
                rank == null ? 8 : rank,
                alpha == null ? 32.0 : alpha,
                learningRate == null ? 5e-4 : learningRate,
                pretrainLearningRate == null ? 1e-3 : pretrainLearningRate,
                batchSize == null ? 64 : batchSize,
                historyLength == null ? 20 : historyLength,
                layers == null ? 2 : layers,
                hiddenSize == null ? 64 : hiddenSize,
                checkpointEvery == null ? 50 : checkpointEvery,
                device == null ? "auto" : device,
                compareAdapters,
                languageModel ? backbone : null,
                languageModel && maxPromptTokens == null ? Integer.valueOf(DEFAULT_MAX_PROMPT_TOKENS) : maxPromptTokens,
                languageModel && maxTrainingExamples == null ? Integer.valueOf(0) : maxTrainingExamples,
                promptTemplate,
                dropout);
    }

    /** The tiny backbone's dropout rate: 0 when the spec gives none. */
    @JsonIgnore
    public double dropoutRate() {
        return dropout == null ? 0 : dropout;
    }

    /** Whether the backbone is an imported foundation model rather than the tiny generative one. */
    @JsonIgnore
    public boolean isLanguageModel() {
        return backbone != null && !TINY_BACKBONE.equals(backbone);
    }

    /** What the candidate is trained with: this spec without the comparisons, which are trainings of their own. */
    public TrainingSpec candidate() {
        return toBuilder().compareAdapters(List.of()).build();
    }

    /**
     * What the comparison with {@code otherAdapter} is trained with: everything as the candidate, the same
     * total rank included, but the adapter — plain {@code lora} and {@code full} with one expert, a
     * {@code moe-lora} comparison with iLoRA's {@value #DEFAULT_EXPERTS} experts sharing that rank.
     */
    public TrainingSpec comparison(String otherAdapter) {
        int comparisonExperts = "moe-lora".equals(otherAdapter) ? DEFAULT_EXPERTS : 1;
        return toBuilder().adapter(otherAdapter).experts(comparisonExperts).compareAdapters(List.of()).build();
    }

    void validate(SpecProblems problems) {
        problems.require(baseModel == null || baseModel.matches("[a-z0-9][a-z0-9-]{0,63}:[0-9]+"),
                "training.baseModel", "must be 'name:version', e.g. 'demo:3'");
        problems.require(pretrainEpochs >= 0 && pretrainEpochs <= 1000, "training.pretrainEpochs", "must be in 0..1000");
        problems.require(baseModel != null || pretrainEpochs >= 1, "training.pretrainEpochs",
                "must be at least 1 when no baseModel is given");
        problems.require(fineTuneEpochs >= 0 && fineTuneEpochs <= 1000, "training.fineTuneEpochs", "must be in 0..1000");
        problems.require(ADAPTERS.contains(adapter), "training.adapter", "must be one of " + ADAPTERS);
        problems.require(experts >= 1 && experts <= 64, "training.experts", "must be in 1..64");
        problems.require(!"lora".equals(adapter) || experts == 1, "training.experts", "must be 1 for plain lora");
        problems.require(rank >= 1 && rank <= 256, "training.rank", "must be in 1..256");
        problems.require(experts < 1 || rank % experts == 0, "training.rank",
                "must be a multiple of experts (" + experts + ")");
        problems.require(alpha > 0, "training.alpha", "must be positive");
        problems.require(learningRate > 0 && learningRate < 1, "training.learningRate", "must be in (0, 1)");
        problems.require(pretrainLearningRate > 0 && pretrainLearningRate < 1, "training.pretrainLearningRate",
                "must be in (0, 1)");
        problems.require(batchSize >= 1 && batchSize <= 4096, "training.batchSize", "must be in 1..4096");
        problems.require(historyLength >= 1 && historyLength <= 200, "training.historyLength", "must be in 1..200");
        problems.require(layers >= 1 && layers <= 24, "training.layers", "must be in 1..24");
        problems.require(hiddenSize >= 8 && hiddenSize <= 2048, "training.hiddenSize", "must be in 8..2048");
        problems.require(checkpointEvery >= 1, "training.checkpointEvery", "must be at least 1");
        problems.require(DEVICES.contains(device), "training.device", "must be one of " + DEVICES);
        validateComparisons(problems);
        problems.require(dropout == null || (dropout >= 0 && dropout <= MAX_DROPOUT), "training.dropout",
                "must be in 0.." + MAX_DROPOUT);
        if (isLanguageModel()) {
            problems.require(dropout == null, "training.dropout",
                    "applies to the tiny backbone only (a foundation model's adapters use LoRA's dropout)");
            validateLanguageModel(problems);
        } else {
            problems.require(maxPromptTokens == null && maxTrainingExamples == null && promptTemplate == null,
                    "training.backbone", "maxPromptTokens, maxTrainingExamples and promptTemplate apply only to a"
                            + " foundation-model backbone, not the tiny one");
        }
    }

    private void validateLanguageModel(SpecProblems problems) {
        problems.require(backbone.matches(FOUNDATION_MODEL_NAME), "training.backbone",
                "must be 'tiny' or the name of an imported foundation model");
        problems.require(LANGUAGE_MODEL_ADAPTERS.contains(adapter), "training.adapter", "must be one of "
                + LANGUAGE_MODEL_ADAPTERS + " for a foundation-model backbone: its base stays frozen, so not " + adapter);
        problems.require(!compareAdapters.contains("full"), "training.compareAdapters",
                "cannot hold full for a foundation-model backbone: its base stays frozen");
        problems.require(baseModel == null, "training.baseModel",
                "applies to the tiny backbone only; a foundation-model backbone starts from training.backbone");
        problems.require(maxPromptTokens >= 32 && maxPromptTokens <= 8192, "training.maxPromptTokens",
                "must be in 32..8192");
        problems.require(maxTrainingExamples >= 0, "training.maxTrainingExamples", "must be 0 (all) or more");
        if (promptTemplate != null) {
            int history = promptTemplate.indexOf(HISTORY_MARKER);
            int candidates = promptTemplate.indexOf(CANDIDATES_MARKER);
            problems.require(history >= 0 && history < candidates
                            && history == promptTemplate.lastIndexOf(HISTORY_MARKER)
                            && candidates == promptTemplate.lastIndexOf(CANDIDATES_MARKER),
                    "training.promptTemplate", "must hold " + HISTORY_MARKER + " once, then " + CANDIDATES_MARKER
                            + " once");
        }
    }

    private void validateComparisons(SpecProblems problems) {
        Set<String> named = new HashSet<>();
        for (String other : compareAdapters) {
            problems.require(other != null && ADAPTERS.contains(other), "training.compareAdapters",
                    "unknown adapter '" + other + "', known: " + ADAPTERS);
            problems.require(!adapter.equals(other), "training.compareAdapters",
                    "must not name the candidate's own adapter (" + adapter + ")");
            problems.require(named.add(other), "training.compareAdapters", "names " + other + " more than once");
            problems.require(!"moe-lora".equals(other) || rank % DEFAULT_EXPERTS == 0, "training.compareAdapters",
                    "a moe-lora comparison has " + DEFAULT_EXPERTS + " experts: the rank must be a multiple of "
                            + DEFAULT_EXPERTS);
        }
    }
}
