package io.recflow.activities.finetune;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.stage.StepCache;
import io.recflow.activities.stage.StepCacheKey;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The generative backbone a fine-tuning starts from (see {@link BaseSource}): another bundle's base, a
 * registered one, the one an earlier attempt pre-trained, or one pre-trained now — its checkpoints and
 * the finished base heartbeated, so that a retried attempt resumes instead of starting over.
 *
 * <p>Pre-training reads the data, the item codes, the backbone's shape, its pre-training settings and the seed —
 * not the adapter or anything of fine-tuning. So a base pre-trained now is entered in the step cache under
 * {@value #PRETRAIN} with exactly those, and a run that differs only in fine-tuning (a sweep over experts and
 * rank, another adapter) takes it from there instead of pre-training again, unless the run's spec keeps
 * fine-tune out of the cache.
 */
@ApplicationScoped
public class BaseBackbones {

    /** The step cache's name for a pre-trained base (not a stage: a part of fine-tune other runs may share). */
    static final String PRETRAIN = "pretrain";
    /** Raised when pre-training's results change for the same key. */
    static final int PRETRAIN_SEMANTICS = 2;  // 2: seeds of random streams scrambled (Seeds.mix)

    @Inject
    BaseModels baseModels;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    StepCache cache;

    /** The base, loaded on the attempt's device; refused when it was trained with other item codes. */
    LoadedBase load(BaseInputs in) {
        FineTuneRequest request = in.request();
        BaseSource source = BaseSource.of(request, in.attempt().resumedBase());
        byte[] bytes = switch (source) {
            case OTHER_BUNDLE -> in.step().read(request.reuseBaseOf(), ModelBundle::readBase);
            case REGISTERED -> baseModels.baseOf(request.training().baseModel(), in.step());
            case RESUMED_PRETRAINING -> resumedPretraining(in);
            case PRETRAIN_NOW -> pretrainedBefore(in).orElseGet(() -> pretrain(in));
        };
        GenerativeModel model = loadModel(bytes, in);
        if (!model.codes().equals(in.codes())) {
            model.close();
            // Only a registered base can be another data set's: the others were trained on this run's codes.
            String base = source == BaseSource.REGISTERED ? "base model " + request.training().baseModel()
                    : "the base (" + source.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            throw new BadInputException(null, 0, "training.baseModel", base + " was trained with other item codes"
                    + " than this run's tokenizer: fine-tune it on the data set and tokenizer spec it was pre-trained"
                    + " with");
        }
        return new LoadedBase(model, bytes);
    }

    /** The stored base, with the pre-training numbers the attempt that trained it recorded beside it. */
    private byte[] resumedPretraining(BaseInputs in) {
        return stored(in, in.attempt().resumedBase());
    }

    private byte[] stored(BaseInputs in, ArtifactRef base) {
        byte[] bytes = in.step().read(base);
        in.measurements().restorePretraining(artifactRecords.artifactByUri(base.uri()).orElseThrow().getMetadata());
        return bytes;
    }

    /** The base another run pre-trained with the same inputs, when the run may reuse it and it is still stored. */
    private Optional<byte[]> pretrainedBefore(BaseInputs in) {
        String runId = Activity.getExecutionContext().getInfo().getWorkflowId();
        if (!cache.reuses(runId, Stage.FINE_TUNE.id())) {
            return Optional.empty();
        }
        StepCacheKey key = pretrainKey(in);
        return cache.find(key, ArtifactRef.class).map(hit -> {
            cache.touch(key);
            in.attempt().progress().base(hit.result());  // a retried attempt resumes from it, as from its own
            in.measurements().metric("pretrainReused", 1);
            return stored(in, hit.result());
        });
    }

    private static StepCacheKey pretrainKey(BaseInputs in) {
        FineTuneRequest request = in.request();
        TrainingSpec spec = request.training();
        return StepCacheKey.of(PRETRAIN, PRETRAIN_SEMANTICS, request.dataset().sha256(), request.split().sha256(),
                request.tokenizer().sha256(), GenerativeSettings.backbone(spec),
                GenerativeSettings.pretraining(spec, request.seed()), spec.dropoutRate(),
                in.attempt().device().getDeviceType());
    }

    private byte[] pretrain(BaseInputs in) {
        TrainingSpec spec = in.request().training();
        long seed = in.request().seed();
        TrainingAttempt attempt = in.attempt();
        byte[] bytes;
        try (GenerativeModel model = GenerativeModel.create(in.codes(), GenerativeSettings.backbone(spec), seed,
                attempt.device())) {
            TrainingState checkpoint = attempt.resumeState(GenerativeModel.PRETRAIN_PHASE, in.step());
            in.measurements().measure("pretrain", checkpoint, () -> model.pretrain(in.examples(),
                    GenerativeSettings.pretraining(spec, seed), spec.dropoutRate(), checkpoint,
                    attempt.hooks(in.step())));
            bytes = StageStep.bytes(model::save);
        }
        ArtifactRef base = in.step().write(ArtifactKind.CHECKPOINT, bytes, in.measurements().pretraining());
        attempt.progress().base(base);
        cache.remember(pretrainKey(in), in.step().id(), base);
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
