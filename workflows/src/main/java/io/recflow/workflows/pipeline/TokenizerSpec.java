package io.recflow.workflows.pipeline;

import java.util.List;

/**
 * The coarse-to-fine item tokenizer and the sequence encoder it uses for its collaborative level.
 *
 * @param levels       semantic levels, coarse to fine, from {@link #LEVELS}; levels a data set has no
 *                     text for are skipped
 * @param codebookSize codes per level (each level has its own independent codebook)
 * @param quantizer    {@code kmeans}
 * @param encoder      sequence encoder: {@code sasrec} or {@code caseq} (CaseQ's context branching)
 * @param encoderEpochs training epochs of the sequence encoder
 * @param embeddingDim hidden size of the sequence encoder (its representation gates iLoRA)
 */
public record TokenizerSpec(List<String> levels, Integer codebookSize, String quantizer, String encoder,
                            Integer encoderEpochs, Integer embeddingDim) {

    public static final List<String> LEVELS = List.of("category", "title", "description", "collaborative");
    public static final List<String> QUANTIZERS = List.of("kmeans");
    public static final List<String> ENCODERS = List.of("sasrec", "caseq");

    TokenizerSpec withDefaults() {
        return new TokenizerSpec(levels == null ? LEVELS : List.copyOf(levels),
                codebookSize == null ? 256 : codebookSize,
                quantizer == null ? "kmeans" : quantizer,
                encoder == null ? "sasrec" : encoder,
                encoderEpochs == null ? 20 : encoderEpochs,
                embeddingDim == null ? 64 : embeddingDim);
    }

    void validate(SpecProblems problems) {
        problems.require(!levels.isEmpty(), "tokenizer.levels", "must name at least one level");
        for (String level : levels) {
            problems.require(LEVELS.contains(level), "tokenizer.levels", "unknown level '" + level + "', known: " + LEVELS);
        }
        problems.require(codebookSize >= 2 && codebookSize <= 4096, "tokenizer.codebookSize", "must be in 2..4096");
        problems.require(QUANTIZERS.contains(quantizer), "tokenizer.quantizer", "must be one of " + QUANTIZERS);
        problems.require(ENCODERS.contains(encoder), "tokenizer.encoder", "must be one of " + ENCODERS);
        problems.require(encoderEpochs >= 1 && encoderEpochs <= 1000, "tokenizer.encoderEpochs", "must be in 1..1000");
        problems.require(embeddingDim >= 8 && embeddingDim <= 1024, "tokenizer.embeddingDim", "must be in 8..1024");
    }
}
