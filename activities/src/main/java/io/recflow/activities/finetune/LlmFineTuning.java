package io.recflow.activities.finetune;

import io.recflow.activities.data.PreparedData;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.foundation.UnpackedFoundationModel;
import io.recflow.activities.input.BadInputException;
import io.recflow.activities.model.LlmBundle;
import io.recflow.activities.model.ModelManifest;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.stage.WhileLoading;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.generative.TrainingExamples;
import io.recflow.ml.llara.CollaborativeSignals;
import io.recflow.ml.llara.LlmRecommender;
import io.recflow.ml.llara.Truncation;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.spec.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes an imported foundation model into a recommender, LLaRA's way with the spec's adapter (iLoRA's
 * MoE-LoRA gated by the sequence encoder's representation, or plain LoRA): the base stays frozen, so the
 * stored bundle holds only what was trained and a reference to the {@code foundation-model} artifact. A
 * comparison starts from the same foundation model (its base is that model, not something the candidate
 * trained), with the candidate's bundle recorded as used, as on the tiny backbone.
 */
@ApplicationScoped
@Named(LlmFineTuning.NAME)
public class LlmFineTuning implements FineTuning {

    static final String NAME = "language-model";

    @Inject
    FoundationModelFiles foundationModels;

    @Override
    public FineTuneResult fineTune(FineTuneRequest request, TrainingAttempt attempt, StageStep step) {
        TrainingSpec spec = request.training();
        PreparedData data = PreparedData.read(step, request.dataset(), request.split());
        if (!data.catalog().hasTitles()) {
            throw new BadInputException(null, 0, "data", "the items have no titles, and a foundation-model backbone"
                    + " reads items by their titles: give a format or items file with titles");
        }
        if (request.reuseBaseOf() != null) {
            step.used(request.reuseBaseOf());
        }
        List<Example> examples = LlmSettings.sample(
                TrainingExamples.everyPrefix(data.trainSequences(), spec.historyLength()),
                spec.maxTrainingExamples(), request.seed());
        // Prompts are at most maxPromptTokens long: an upper bound of the tokens a sample costs.
        TrainingMeasurements measurements = new TrainingMeasurements(new Workload(spec.batchSize(),
                spec.maxPromptTokens()));
        try (SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(step.read(request.encoder())));
             UnpackedFoundationModel base = WhileLoading.load(attempt.progress(), () -> foundationModels.unpack(step,
                     foundationModels.artifactOf(spec.backbone())));
             LlmRecommender model = WhileLoading.load(attempt.progress(), () -> LlmRecommender.open(base.directory(),
                     base.reference(), LlmSettings.template(spec, data.dataset().name()), spec.maxPromptTokens(),
                     data.catalog(), attempt.device()))) {
            TrainingState checkpoint = attempt.resumeState(LlmRecommender.FINE_TUNE_PHASE, step);
            try {
                measurements.measure("finetune", checkpoint, () -> model.fineTune(examples,
                        GenerativeSettings.adapter(spec, encoder.dimension()), CollaborativeSignals.of(encoder),
                        LlmSettings.training(spec, request.seed()), checkpoint, attempt.hooks(step)));
            } catch (IllegalArgumentException e) {
                // The settings do not fit this model and data (e.g. maxPromptTokens too small for the candidates'
                // titles): every attempt would fail the same way, so none is retried.
                throw new BadInputException(null, 0, "training", e.getMessage());
            }
            Truncation truncation = model.trainingTruncation();
            measurements.metric("trainingExamples", examples.size());
            measurements.metric("truncatedPrompts", truncation.truncated());
            measurements.metric("droppedHistoryItems", truncation.droppedItems());
            ModelManifest manifest = new ModelManifest(ModelManifest.LANGUAGE_MODEL_FORMAT, request.dataset(),
                    request.encoder(), request.tokenizer(), null, spec, request.seed(), attempt.deviceName(),
                    measurements.metrics(), measurements.curves());
            byte[] bundle = new LlmBundle(manifest, base.artifact(), StageStep.bytes(model::save)).write();
            ArtifactRef modelRef = step.write(ArtifactKind.MODEL, bundle, Map.of("adapter", spec.adapter(),
                    "seed", request.seed(), "device", attempt.deviceName(), "role", FineTuning.role(request),
                    "backbone", spec.backbone(), "foundationModel", base.artifact().uri(),
                    "truncatedPrompts", truncation.truncated()));
            return new FineTuneResult(modelRef, attempt.deviceName(), measurements.reported());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
