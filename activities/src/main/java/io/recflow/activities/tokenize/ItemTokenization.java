package io.recflow.activities.tokenize;

import io.recflow.activities.data.PreparedData;
import io.recflow.activities.sources.InputSources;
import io.recflow.activities.stage.StageStep;
import io.recflow.activities.stage.WhileLoading;
import io.recflow.ml.encoder.EncoderSettings;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.tokenizer.CoarseToFineTokenizer;
import io.recflow.ml.tokenizer.CollisionStats;
import io.recflow.ml.tokenizer.GivenCodes;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.TokenizerCodec;
import io.recflow.ml.tokenizer.TokenizerConfig;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.spec.TokenizerSpec;
import io.recflow.workflows.tokenize.TokenizeRequest;
import io.recflow.workflows.tokenize.TokenizeResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the sequence encoder, SASRec or CaseQ (its representation gates iLoRA, its item embeddings are the
 * collaborative level), then the coarse-to-fine tokenizer: one independent codebook per level, by k-means or a
 * learned VQ ({@code tokenizer.quantizer}). With {@code tokenizer.codesUri} the item codes come ready-made from
 * that index instead (recorded as a {@code code-index} input of the step), and only the encoder is trained.
 */
@ApplicationScoped
public class ItemTokenization {

    /** SASRec's usual window; the generative backbone sees fewer items, the encoder more context. */
    private static final int ENCODER_MAX_LENGTH = 50;

    private static final Logger LOG = Logger.getLogger(ItemTokenization.class);
    private static final int NAMED_UNKNOWN_ITEMS = 5;

    /** Ready-made codes are read under the same rules as the data. */
    @Inject
    InputSources sources;

    /**
     * @param index the ready-made code index {@code tokenizer.codesUri} names, as {@link #givenIndex} read it (once:
     *              the step cache's key was computed from the same bytes), or null when codes are trained
     */
    public TokenizeResult tokenize(TokenizeRequest request, CodeIndex index, ProgressListener progress, StageStep step) {
        TokenizerSpec spec = request.tokenizer();
        PreparedData data = PreparedData.read(step, request.dataset(), request.split());
        // Check the ready-made index against the catalogue before training anything: a bad index costs no training.
        GivenCodes given = index == null ? null : index.codesFor(data.catalog());
        EncoderSettings settings = new EncoderSettings(spec.embeddingDim(), ENCODER_MAX_LENGTH,
                spec.encoderEpochs(), 128, 1e-3, request.seed());
        try (SequenceEncoder encoder = SequenceEncoders.train(spec.encoder(), data.trainSequences(),
                data.catalog().size(), settings, progress)) {
            ItemCodes codes = given != null ? given.codes() : WhileLoading.compute(progress,
                    () -> CoarseToFineTokenizer.train(data.catalog(),
                            spec.levels().contains("collaborative") ? encoder.itemEmbeddings() : null,
                            new TokenizerConfig(spec.levels(), spec.codebookSize(), spec.quantizer(),
                                    spec.residualDepth() == null ? 1 : spec.residualDepth(), request.seed())));
            CollisionStats collisions = CollisionStats.of(codes);

            ArtifactRef encoderRef = step.write(ArtifactKind.ENCODER, StageStep.bytes(encoder::save),
                    Map.of("type", spec.encoder(), "dimension", encoder.dimension(), "seed", request.seed()));
            Map<String, Object> tokenizerMetadata = new LinkedHashMap<>();
            tokenizerMetadata.put("quantizer", spec.quantizer());
            tokenizerMetadata.put("levels", codes.levelNames());
            tokenizerMetadata.put("levelSizes", codes.levelSizes());
            tokenizerMetadata.put("collisionRate", collisions.collisionRate());
            if (index != null) {
                tokenizerMetadata.putAll(recordGivenCodes(step, index, given));
            }
            ArtifactRef tokenizerRef = step.write(ArtifactKind.TOKENIZER,
                    StageStep.bytes(out -> TokenizerCodec.write(codes, out)), tokenizerMetadata);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("levels", (double) codes.levels());
            metrics.put("collisionRate", collisions.collisionRate());
            metrics.put("largestCollisionGroup", (double) collisions.largestGroup());
            return new TokenizeResult(encoderRef, tokenizerRef, metrics);
        }
    }

    /**
     * What tokenizing reads besides its request: the ready-made code index {@code tokenizer.codesUri} names, or
     * null when the spec trains its codes. Its bytes' sha256 goes into the step cache's key, since the file
     * behind the URI may change while the URI stays.
     */
    public CodeIndex givenIndex(TokenizeRequest request) {
        TokenizerSpec spec = request.tokenizer();
        return spec.codesGiven() ? codeIndexReader().read(spec.codesUri()) : null;
    }

    private CodeIndexReader codeIndexReader() {
        return new CodeIndexReader(sources.data());
    }

    /**
     * Stores the index as an input of the step and says where the codes came from, for the tokenizer
     * artifact's metadata. Entries for items the catalogue lacks are ignored: an index usually covers a
     * whole data set, while ingest may have dropped short sequences' items.
     */
    private static Map<String, Object> recordGivenCodes(StageStep step, CodeIndex index, GivenCodes given) {
        ArtifactRef indexRef = step.usedInput(ArtifactKind.CODE_INDEX, index.content(), Map.of("source", index.uri()));
        List<String> unknown = given.unknownItems();
        if (!unknown.isEmpty()) {
            LOG.infof("tokenize: %d entries of %s are for items the catalogue does not have and are ignored, e.g. %s",
                    unknown.size(), index.uri(), unknown.subList(0, Math.min(NAMED_UNKNOWN_ITEMS, unknown.size())));
        }
        return Map.of("codesUri", index.uri(), "codesSha256", indexRef.sha256(), "ignoredIndexEntries", unknown.size());
    }
}
