package io.recflow.ml.tokenizer;

import java.util.HashSet;
import java.util.List;

/**
 * What {@link CoarseToFineTokenizer} builds: the semantic levels to use, coarse to fine, out of
 * {@code category}, {@code title}, {@code description}, {@code collaborative} (a level the data
 * has nothing for is skipped), the largest codebook per level, how a level's embeddings become codes
 * ({@code kmeans}, the fast default, or {@code vq}, a {@link LearnedVq}), and the seed.
 */
public record TokenizerConfig(List<String> levels, int codebookSize, String quantizer, int residualDepth, long seed) {

    public static final String CATEGORY = "category";
    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String COLLABORATIVE = "collaborative";
    /** Always appended as the last level; not configurable. */
    public static final String DISAMBIGUATION = "disambiguation";

    public static final List<String> ALL_LEVELS = List.of(CATEGORY, TITLE, DESCRIPTION, COLLABORATIVE);
    public static final int DEFAULT_CODEBOOK_SIZE = 256;

    /** An independent k-means codebook per level ({@link KMeans}). */
    public static final String KMEANS = "kmeans";
    /** A learned VQ: one encoder shared by the levels, a codebook per level ({@link LearnedVq}). */
    public static final String VQ = "vq";
    /** Residual k-means: each embedded level becomes {@code residualDepth} levels ({@link ResidualKMeans}). */
    public static final String RESIDUAL_KMEANS = "rkmeans";
    public static final List<String> QUANTIZERS = List.of(KMEANS, VQ, RESIDUAL_KMEANS);

    public TokenizerConfig {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("at least one level is needed, out of " + ALL_LEVELS);
        }
        for (String level : levels) {
            if (!ALL_LEVELS.contains(level)) {
                throw new IllegalArgumentException("unknown tokenizer level '" + level + "'; known: " + ALL_LEVELS);
            }
        }
        if (new HashSet<>(levels).size() != levels.size()) {
            throw new IllegalArgumentException("tokenizer levels repeat: " + levels);
        }
        if (codebookSize < 1) {
            throw new IllegalArgumentException("codebookSize must be >= 1, was " + codebookSize);
        }
        if (!QUANTIZERS.contains(quantizer)) {
            throw new IllegalArgumentException("unknown quantizer '" + quantizer + "'; known: " + QUANTIZERS);
        }
        if (residualDepth < 1 || residualDepth > 1 && !RESIDUAL_KMEANS.equals(quantizer)) {
            throw new IllegalArgumentException("residualDepth must be 1, or more with quantizer " + RESIDUAL_KMEANS
                    + " (was " + residualDepth + " with " + quantizer + ")");
        }
    }

    /** One level of codes per embedded level (residual depth 1). */
    public TokenizerConfig(List<String> levels, int codebookSize, String quantizer, long seed) {
        this(levels, codebookSize, quantizer, 1, seed);
    }

    /** K-means codebooks, the default quantizer. */
    public TokenizerConfig(List<String> levels, int codebookSize, long seed) {
        this(levels, codebookSize, KMEANS, 1, seed);
    }

    /** All four levels, 256 k-means codes each. */
    public static TokenizerConfig defaults(long seed) {
        return new TokenizerConfig(ALL_LEVELS, DEFAULT_CODEBOOK_SIZE, seed);
    }
}
