package io.recflow.workflows.spec;

import lombok.Builder;
import lombok.extern.jackson.Jacksonized;

import java.util.List;

/**
 * The coarse-to-fine item tokenizer and the sequence encoder it uses for its collaborative level.
 * Instead of training the tokenizer, a run may take ready-made item codes ({@code codesUri}), e.g.
 * LETTER's RQ-VAE ids, to compare tokenizers on the same split; the encoder is trained either way (it
 * gates iLoRA and is a baseline).
 *
 * @param levels       semantic levels, coarse to fine, from {@link #LEVELS}; levels a data set has no
 *                     text for are skipped. Must be left out with {@code codesUri} (the index fixes the levels)
 * @param codebookSize codes per level (each level has its own independent codebook). Must be left out with
 *                     {@code codesUri} (the index fixes the sizes)
 * @param quantizer    how a level's embeddings become codes: {@code kmeans} (the default, fast), {@code vq} (a
 *                     small VQ-VAE whose encoder all levels share, each level with its own codebook; trains
 *                     in seconds), {@code rkmeans} (residual k-means: each level becomes {@code residualDepth}
 *                     levels, each quantising what the coarser ones left, as TIGER and LETTER build codes), or
 *                     {@code given} (the default, and the only choice, with {@code codesUri})
 * @param residualDepth with {@code rkmeans}, the levels each embedded level becomes (default 3; 2..8); left out
 *                     with any other quantizer
 * @param encoder      sequence encoder: {@code sasrec} or {@code caseq} (CaseQ's context branching)
 * @param encoderEpochs training epochs of the sequence encoder
 * @param embeddingDim hidden size of the sequence encoder (its representation gates iLoRA)
 * @param codesUri     optional ready-made item codes: a JSON index {@code {"item": ["<a_12>", "<b_200>", ...]}}
 *                     (LETTER's {@code *.index.json}), {@code s3://} or {@code file://} under an allowed root,
 *                     read like the data; every catalogue item needs an entry
 */
@Builder(toBuilder = true)
@Jacksonized
public record TokenizerSpec(List<String> levels, Integer codebookSize, String quantizer, String encoder,
                            Integer encoderEpochs, Integer embeddingDim, String codesUri, Integer residualDepth) {

    public static final List<String> LEVELS = List.of("category", "title", "description", "collaborative");
    /** {@code given}: the codes come from {@code codesUri}, nothing is quantised. */
    public static final String GIVEN = "given";
    /** Residual k-means, with {@code residualDepth} levels per embedded level. */
    public static final String RESIDUAL_KMEANS = "rkmeans";
    public static final List<String> QUANTIZERS = List.of("kmeans", "vq", RESIDUAL_KMEANS, GIVEN);
    public static final List<String> ENCODERS = List.of("sasrec", "caseq");
    public static final List<String> CODES_SCHEMES = List.of("file://", "s3://");

    public TokenizerSpec {
        levels = SpecLists.copy(levels);
    }

    /** With {@code codesUri}, levels and codebookSize stay null: the recorded spec says they played no part. */
    TokenizerSpec withDefaults() {
        boolean given = codesUri != null;
        String q = quantizer == null ? (given ? GIVEN : "kmeans") : quantizer;
        return new TokenizerSpec(levels == null && !given ? LEVELS : levels,
                codebookSize == null && !given ? Integer.valueOf(256) : codebookSize,
                q,
                encoder == null ? "sasrec" : encoder,
                encoderEpochs == null ? 20 : encoderEpochs,
                embeddingDim == null ? 64 : embeddingDim,
                codesUri,
                // null for the other quantizers: their recorded specs (and step cache keys) stay as they were
                residualDepth == null && RESIDUAL_KMEANS.equals(q) ? Integer.valueOf(3) : residualDepth);
    }

    /** True when the run takes ready-made codes instead of training the tokenizer. */
    public boolean codesGiven() {
        return codesUri != null;
    }

    void validate(SpecProblems problems) {
        if (codesGiven()) {
            problems.require(CODES_SCHEMES.stream().anyMatch(codesUri.strip()::startsWith), "tokenizer.codesUri",
                    "must be an s3:// or file:// URI of a JSON index {\"item\": [\"<a_12>\", ...]}");
            problems.require(levels == null, "tokenizer.levels", "must be left out when tokenizer.codesUri is given "
                    + "(the index fixes the levels)");
            problems.require(codebookSize == null, "tokenizer.codebookSize", "must be left out when "
                    + "tokenizer.codesUri is given (the index fixes the level sizes)");
            problems.require(GIVEN.equals(quantizer), "tokenizer.quantizer", "must be '" + GIVEN
                    + "' (or left out) when tokenizer.codesUri is given");
        } else {
            problems.require(!levels.isEmpty(), "tokenizer.levels", "must name at least one level");
            for (String level : levels) {
                problems.require(level != null && LEVELS.contains(level), "tokenizer.levels", "unknown level '" + level + "', known: "
                        + LEVELS);
            }
            problems.require(codebookSize >= 2 && codebookSize <= 4096, "tokenizer.codebookSize", "must be in 2..4096");
            problems.require(QUANTIZERS.contains(quantizer), "tokenizer.quantizer", "must be one of " + QUANTIZERS);
            problems.require(!GIVEN.equals(quantizer), "tokenizer.codesUri", "is required when tokenizer.quantizer is '"
                    + GIVEN + "'");
        }
        if (RESIDUAL_KMEANS.equals(quantizer)) {
            problems.require(residualDepth >= 2 && residualDepth <= 8, "tokenizer.residualDepth", "must be in 2..8");
        } else {
            problems.require(residualDepth == null, "tokenizer.residualDepth", "is only for tokenizer.quantizer '"
                    + RESIDUAL_KMEANS + "'");
        }
        problems.require(ENCODERS.contains(encoder), "tokenizer.encoder", "must be one of " + ENCODERS);
        problems.require(encoderEpochs >= 1 && encoderEpochs <= 1000, "tokenizer.encoderEpochs", "must be in 1..1000");
        problems.require(embeddingDim >= 8 && embeddingDim <= 1024, "tokenizer.embeddingDim", "must be in 8..1024");
    }
}
