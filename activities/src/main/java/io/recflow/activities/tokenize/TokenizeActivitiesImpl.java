package io.recflow.activities.tokenize;

import io.recflow.activities.data.PreparedData;
import io.recflow.activities.stage.HeartbeatProgress;
import io.recflow.activities.stage.StageRunner;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.encoder.EncoderSettings;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.tokenizer.CoarseToFineTokenizer;
import io.recflow.ml.tokenizer.CollisionStats;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.TokenizerCodec;
import io.recflow.ml.tokenizer.TokenizerConfig;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.pipeline.Stage;
import io.recflow.workflows.pipeline.TokenizerSpec;
import io.recflow.workflows.tokenize.TokenizeActivities;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 2: trains the sequence encoder, SASRec or CaseQ (its representation gates iLoRA, its item embeddings are the
 * collaborative level), then the coarse-to-fine tokenizer: one independent codebook per level.
 */
@ApplicationScoped
public class TokenizeActivitiesImpl implements TokenizeActivities {

    /** SASRec's usual window; the generative backbone sees fewer items, the encoder more context. */
    private static final int ENCODER_MAX_LENGTH = 50;

    @Inject
    StageRunner stages;

    @Override
    public TokenizeResult tokenize(TokenizeRequest request) {
        TokenizerSpec spec = request.tokenizer();
        return stages.run(Stage.TOKENIZE.id(), "cpu", step -> {
            PreparedData data = PreparedData.read(step, request.dataset(), request.split());
            EncoderSettings settings = new EncoderSettings(spec.embeddingDim(), ENCODER_MAX_LENGTH,
                    spec.encoderEpochs(), 128, 1e-3, request.seed());
            HeartbeatProgress progress = new HeartbeatProgress(Activity.getExecutionContext(), "tokenize", null);
            try (SequenceEncoder encoder = SequenceEncoders.train(spec.encoder(), data.trainSequences(),
                    data.catalog().size(), settings, progress)) {
                float[][] collaborative = spec.levels().contains("collaborative") ? encoder.itemEmbeddings() : null;
                ItemCodes codes = CoarseToFineTokenizer.train(data.catalog(), collaborative,
                        new TokenizerConfig(spec.levels(), spec.codebookSize(), request.seed()));
                CollisionStats collisions = CollisionStats.of(codes);

                ArtifactRef encoderRef = step.write(ArtifactKind.ENCODER, StageStep.bytes(encoder::save),
                        Map.of("type", spec.encoder(), "dimension", encoder.dimension(), "seed", request.seed()));
                ArtifactRef tokenizerRef = step.write(ArtifactKind.TOKENIZER,
                        StageStep.bytes(out -> TokenizerCodec.write(codes, out)),
                        Map.of("levels", codes.levelNames(), "levelSizes", codes.levelSizes(),
                                "collisionRate", collisions.collisionRate()));
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("levels", (double) codes.levels());
                metrics.put("collisionRate", collisions.collisionRate());
                metrics.put("largestCollisionGroup", (double) collisions.largestGroup());
                return new TokenizeResult(encoderRef, tokenizerRef, metrics);
            }
        });
    }
}
