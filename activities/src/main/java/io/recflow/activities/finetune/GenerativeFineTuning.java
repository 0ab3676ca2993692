package io.recflow.activities.finetune;

import io.recflow.activities.data.PreparedData;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.model.ModelManifest;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.generative.TrainingExamples;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.TokenizerCodec;
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
 * Fine-tunes the tiny generative backbone: its base (see {@link BaseBackbones}) gets the spec's adapter —
 * iLoRA's MoE-LoRA gated by the sequence encoder's representation, plain LoRA, or everything — on every
 * training prefix, and the result is stored as a model bundle with its encoder and base.
 */
@ApplicationScoped
@Named(GenerativeFineTuning.NAME)
public class GenerativeFineTuning implements FineTuning {

    static final String NAME = "tiny";

    @Inject
    BaseBackbones bases;

    @Override
    public FineTuneResult fineTune(FineTuneRequest request, TrainingAttempt attempt, StageStep step) {
        TrainingSpec spec = request.training();
        PreparedData data = PreparedData.read(step, request.dataset(), request.split());
        byte[] encoderBytes = step.read(request.encoder());
        ItemCodes codes = step.read(request.tokenizer(), TokenizerCodec::read);
        List<Example> examples = TrainingExamples.everyPrefix(data.trainSequences(), spec.historyLength());
        TrainingMeasurements measurements = new TrainingMeasurements(Workload.of(spec, examples, codes));
        try (SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(encoderBytes));
             LoadedBase base = bases.load(new BaseInputs(request, codes, examples, attempt, step, measurements))) {
            GenerativeModel model = base.model();
            if (spec.fineTuneEpochs() > 0) {
                TrainingState checkpoint = attempt.resumeState(GenerativeModel.FINE_TUNE_PHASE, step);
                measurements.measure("finetune", checkpoint, () -> model.fineTune(examples,
                        GenerativeSettings.adapter(spec, encoder.dimension()), encoder::represent,
                        GenerativeSettings.fineTuning(spec, request.seed()), spec.dropoutRate(), checkpoint,
                        attempt.hooks(step)));
            }
            List<Example> validation = data.validation(spec.historyLength());
            if (!validation.isEmpty()) {
                measurements.metric("validationLoss", model.targetLoss(validation, encoder::represent));
            }
            ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, request.dataset(), request.encoder(),
                    request.tokenizer(), spec.baseModel(), spec, request.seed(), attempt.deviceName(),
                    measurements.metrics(), measurements.curves());
            byte[] bundle = ModelBundle.write(manifest, encoderBytes, base.bytes(), StageStep.bytes(model::save));
            ArtifactRef modelRef = step.write(ArtifactKind.MODEL, bundle, Map.of("adapter", spec.adapter(),
                    "seed", request.seed(), "device", attempt.deviceName(), "role", FineTuning.role(request)));
            return new FineTuneResult(modelRef, attempt.deviceName(), measurements.reported());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
