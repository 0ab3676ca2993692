package io.recflow.activities.finetune;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.spec.TrainingSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The generative backbone a fine-tuning starts from (see {@link BaseSource}): another bundle's base, a
 * registered one, the one an earlier attempt pre-trained, or one pre-trained now — its checkpoints and
 * the finished base heartbeated, so that a retried attempt resumes instead of starting over.
 */
@ApplicationScoped
public class BaseBackbones {

    @Inject
    BaseModels baseModels;
    @Inject
    ArtifactRecords artifactRecords;

    /** The base, loaded on the attempt's device; refused when it was trained with other item codes. */
    LoadedBase load(BaseInputs in) {
        FineTuneRequest request = in.request();
        byte[] bytes = switch (BaseSource.of(request, in.attempt().resumedBase())) {
            case OTHER_BUNDLE -> in.step().read(request.reuseBaseOf(), ModelBundle::readBase);
            case REGISTERED -> baseModels.baseOf(request.training().baseModel(), in.step());
            case RESUMED_PRETRAINING -> resumedPretraining(in);
            case PRETRAIN_NOW -> pretrain(in);
        };
        GenerativeModel model = loadModel(bytes, in);
        if (!model.codes().equals(in.codes())) {
            model.close();
            throw new BadInputException(null, 0, "training.baseModel", "base model " + request.training().baseModel()
                    + " was trained with other item codes than this run's tokenizer: fine-tune it on the data set"
                    + " and tokenizer spec it was pre-trained with");
        }
        return new LoadedBase(model, bytes);
    }

    /** The stored base, with the pre-training numbers the attempt that trained it recorded beside it. */
    private byte[] resumedPretraining(BaseInputs in) {
        ArtifactRef base = in.attempt().resumedBase();
        byte[] bytes = in.step().read(base);
        in.measurements().restorePretraining(artifactRecords.artifactByUri(base.uri()).orElseThrow().getMetadata());
        return bytes;
    }

    private static byte[] pretrain(BaseInputs in) {
        TrainingSpec spec = in.request().training();
        long seed = in.request().seed();
        TrainingAttempt attempt = in.attempt();
        byte[] bytes;
        try (GenerativeModel model = GenerativeModel.create(in.codes(), GenerativeSettings.backbone(spec), seed,
                attempt.device())) {
            TrainingState checkpoint = attempt.resumeState(GenerativeModel.PRETRAIN_PHASE, in.step());
            in.measurements().measure("pretrain", checkpoint, () -> model.pretrain(in.examples(),
                    GenerativeSettings.pretraining(spec, seed), checkpoint, attempt.hooks(in.step())));
            bytes = StageStep.bytes(model::save);
        }
        attempt.progress().base(in.step().write(ArtifactKind.CHECKPOINT, bytes, in.measurements().pretraining()));
        return bytes;
    }

    private static GenerativeModel loadModel(byte[] bytes, BaseInputs in) {
        try {
            return GenerativeModel.load(new ByteArrayInputStream(bytes), in.attempt().device());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
