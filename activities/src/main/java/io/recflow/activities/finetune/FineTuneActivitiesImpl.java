package io.recflow.activities.finetune;

import ai.djl.Device;
import io.recflow.activities.data.PreparedData;
import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.model.ModelBundle;
import io.recflow.activities.model.ModelManifest;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.generative.BackboneConfig;
import io.recflow.ml.generative.GenerativeModel;
import io.recflow.ml.generative.TrainingExamples;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.TokenizerCodec;
import io.recflow.ml.train.Devices;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.finetune.FineTuneActivities;
import io.recflow.workflows.finetune.FineTuneRequest;
import io.recflow.workflows.finetune.FineTuneResult;
import io.recflow.workflows.finetune.TrainingProgress;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.spec.TrainingSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 3 (gpu queue): pre-trains the backbone unless the spec names a registered base, then
 * fine-tunes its adapter (iLoRA's MoE-LoRA, plain LoRA, or everything). Checkpoints go to S3 every
 * {@code checkpointEvery} steps and their references into the heartbeat, so a retried attempt —
 * another worker after this one died — resumes from the last one and ends with the same model. A
 * comparison training ({@code reuseBaseOf} set) fine-tunes the candidate bundle's base instead, with the
 * same seed and examples, so the two differ by their adapter only.
 */
@ApplicationScoped
public class FineTuneActivitiesImpl implements FineTuneActivities {

    @Inject
    StageRunner stages;
    @Inject
    BaseModels baseModels;
    @Inject
    ArtifactRecords artifactRecords;

    @Override
    public FineTuneResult fineTune(FineTuneRequest request) {
        TrainingSpec spec = request.training();
        Device device = Devices.select(spec.device());
        String deviceName = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        ActivityExecutionContext context = Activity.getExecutionContext();
        TrainingProgress resumed = context.getHeartbeatDetails(TrainingProgress.class).orElse(null);
        return stages.run(Stage.FINE_TUNE.id(), deviceName, step -> {
            PreparedData data = PreparedData.read(step, request.dataset(), request.split());
            byte[] encoderBytes = step.read(request.encoder());
            ItemCodes codes = step.read(request.tokenizer(), TokenizerCodec::read);
            List<Example> examples = TrainingExamples.everyPrefix(data.trainSequences(), spec.historyLength());
            HeartbeatProgress progress = new HeartbeatProgress(context, "fine-tune " + role(request) + " "
                    + spec.adapter(), resumed);
            Training training = new Training(Workload.of(spec, examples, codes));
            try (SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(encoderBytes));
                 Trained base = base(request, codes, examples, device, step, progress, resumed, training);
                 GenerativeModel model = base.model()) {
                if (spec.fineTuneEpochs() > 0) {
                    TrainingState checkpoint = resumed != null && resumed.checkpoint() != null
                            && GenerativeModel.FINE_TUNE_PHASE.equals(resumed.phase())
                            ? step.read(resumed.checkpoint(), TrainingState::readFrom) : null;
                    long started = System.nanoTime();
                    TrainingState done = model.fineTune(examples, adapter(spec, encoder.dimension()), encoder::represent,
                            config(spec, spec.fineTuneEpochs(), spec.learningRate(), request.seed()), checkpoint,
                            hooks(progress, step));
                    record("finetune", done, checkpoint, started, training);
                }
                List<Example> validation = data.validation(spec.historyLength());
                if (!validation.isEmpty()) {
                    training.metrics().put("validationLoss", model.targetLoss(validation, encoder::represent));
                }
                ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT, request.dataset(), request.encoder(),
                        request.tokenizer(), spec.baseModel(), spec, request.seed(), deviceName, training.metrics(), training.curves());
                byte[] bundle = ModelBundle.write(manifest, encoderBytes, base.bytes(), StageStep.bytes(model::save));
                ArtifactRef modelRef = step.write(ArtifactKind.MODEL, bundle, Map.of("adapter", spec.adapter(),
                        "seed", request.seed(), "device", deviceName, "role", role(request)));
                Map<String, Double> reported = new LinkedHashMap<>(training.metrics());
                reported.putAll(training.speed());
                return new FineTuneResult(modelRef, deviceName, reported);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code comparison} for a model trained to compare the candidate with, {@code candidate} otherwise. */
    private static String role(FineTuneRequest request) {
        return request.reuseBaseOf() == null ? "candidate" : "comparison";
    }

    /**
     * The backbone to fine-tune and its stored bytes: another bundle's (a comparison reuses the candidate's),
     * registered, pre-trained by an earlier attempt, or trained now.
     */
    private Trained base(FineTuneRequest request, ItemCodes codes, List<Example> examples, Device device,
                         StageStep step, HeartbeatProgress progress, TrainingProgress resumed,
                         Training training) throws IOException {
        TrainingSpec spec = request.training();
        byte[] bytes;
        if (request.reuseBaseOf() != null) {
            bytes = step.read(request.reuseBaseOf(), ModelBundle::readBase);
        } else if (spec.baseModel() != null) {
            bytes = baseModels.baseOf(spec.baseModel(), step);
        } else if (resumed != null && resumed.base() != null) {
            bytes = step.read(resumed.base());
            training.restorePretraining(artifactRecords.artifactByUri(resumed.base().uri()).orElseThrow().getMetadata());
        } else {
            try (GenerativeModel model = GenerativeModel.create(codes, backbone(spec), request.seed(), device)) {
                TrainingState checkpoint = resumed != null && resumed.checkpoint() != null
                        && GenerativeModel.PRETRAIN_PHASE.equals(resumed.phase())
                        ? step.read(resumed.checkpoint(), TrainingState::readFrom) : null;
                long started = System.nanoTime();
                TrainingState done = model.pretrain(examples, config(spec, spec.pretrainEpochs(),
                        spec.pretrainLearningRate(), request.seed()), checkpoint, hooks(progress, step));
                record("pretrain", done, checkpoint, started, training);
                bytes = StageStep.bytes(model::save);
            }
            progress.base(step.write(ArtifactKind.CHECKPOINT, bytes, training.pretraining()));
        }
        GenerativeModel model = GenerativeModel.load(new ByteArrayInputStream(bytes), device);
        if (!model.codes().equals(codes)) {
            model.close();
            throw new BadInputException(null, 0, "training.baseModel", "base model " + spec.baseModel()
                    + " was trained with other item codes than this run's tokenizer: fine-tune it on the data set"
                    + " and tokenizer spec it was pre-trained with");
        }
        return new Trained(model, bytes);
    }

    /** A loaded backbone and the bytes it was loaded from (they go into the model bundle). */
    private record Trained(GenerativeModel model, byte[] bytes) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private static TrainingHooks hooks(HeartbeatProgress progress, StageStep step) {
        return new TrainingHooks(progress, state -> progress.checkpoint(step.write(ArtifactKind.CHECKPOINT,
                StageStep.bytes(state::writeTo), Map.of("phase", state.phase(), "step", state.step()))));
    }

    private static BackboneConfig backbone(TrainingSpec spec) {
        return new BackboneConfig(spec.hiddenSize(), spec.layers(), BackboneConfig.defaults().heads(),
                spec.historyLength(), BackboneConfig.defaults().ffnMultiplier());
    }

    private static AdapterConfig adapter(TrainingSpec spec, int gateInputDim) {
        return new AdapterConfig(AdapterConfig.Kind.fromSpec(spec.adapter()), spec.experts(), spec.rank(),
                spec.alpha(), gateInputDim, AdapterConfig.DEFAULT_GATE_LEARNING_RATE_SCALE);
    }

    private static TrainConfig config(TrainingSpec spec, int epochs, double learningRate, long seed) {
        return new TrainConfig(epochs, spec.batchSize(), learningRate, TrainConfig.DEFAULT_WARMUP_FRACTION, seed,
                spec.checkpointEvery());
    }

    /**
     * A phase's final loss and per-epoch loss curve (deterministic: they go into the model's bytes), and
     * this attempt's throughput (not deterministic: reported beside the model only).
     */
    private static void record(String phase, TrainingState state, TrainingState resumedFrom, long startedNanos,
                               Training training) {
        double seconds = Math.max((System.nanoTime() - startedNanos) / 1e9, 1e-9);
        long steps = state.step() - (resumedFrom == null ? 0 : resumedFrom.step());
        training.metrics.put(phase + "Loss", state.recentLoss(state.stepsPerEpoch()));
        training.metrics.put(phase + "Steps", (double) state.step());
        double samplesPerSecond = steps * training.workload().batchSize() / seconds;
        training.speed.put(phase + "SamplesPerSecond", samplesPerSecond);
        training.speed.put(phase + "TokensPerSecond", samplesPerSecond * training.workload().tokensPerSample());
        float[] losses = state.losses();
        int epochs = state.stepsPerEpoch() == 0 ? 0 : (int) (state.totalSteps() / state.stepsPerEpoch());
        List<Double> curve = new java.util.ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            for (int i = e * state.stepsPerEpoch(); i < (e + 1) * state.stepsPerEpoch(); i++) {
                sum += losses[i];
            }
            curve.add(sum / state.stepsPerEpoch());
        }
        training.curves.put(phase, curve);
    }

    /**
     * What one training step processes, for throughput: samples per batch, and the item tokens of an
     * average sample (its history and its target, each item {@code levels} tokens, no padding).
     */
    private record Workload(int batchSize, double tokensPerSample) {
        static Workload of(TrainingSpec spec, List<Example> examples, ItemCodes codes) {
            double items = examples.stream().mapToInt(e -> e.history().length + 1).average().orElse(0);
            return new Workload(spec.batchSize(), items * codes.levels());
        }
    }

    /**
     * What the phases measured, and what one of their steps processes (for throughput). The pre-training
     * numbers travel with the stored base (as its lineage metadata), so an attempt that resumes after
     * pre-training reports the same as one that did not.
     */
    private record Training(Map<String, Double> metrics, Map<String, List<Double>> curves, Map<String, Double> speed,
                            Workload workload) {
        Training(Workload workload) {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), workload);
        }

        Map<String, Object> pretraining() {
            return Map.of("phase", "pretrained-base", "pretrainLoss", metrics.get("pretrainLoss"),
                    "pretrainSteps", metrics.get("pretrainSteps"), "curve", curves.get("pretrain"));
        }

        void restorePretraining(Map<String, Object> metadata) {
            metrics.put("pretrainLoss", ((Number) metadata.get("pretrainLoss")).doubleValue());
            metrics.put("pretrainSteps", ((Number) metadata.get("pretrainSteps")).doubleValue());
            curves.put("pretrain", ((List<?>) metadata.get("curve")).stream()
                    .map(v -> ((Number) v).doubleValue()).toList());
        }
    }
}
