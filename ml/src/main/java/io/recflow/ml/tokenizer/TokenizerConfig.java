package io.recflow.ml.tokenizer;

import java.util.HashSet;
import java.util.List;

/**
 * What {@link CoarseToFineTokenizer} builds: the semantic levels to use, coarse to fine, out of
 * {@code category}, {@code title}, {@code description}, {@code collaborative} (a level the data
 * has nothing for is skipped), the largest codebook per level, how a level's embeddings become codes
 * ({@code kmeans}, the fast default, or {@code vq}, a {@link LearnedVq}), and the seed.
 */
public record TokenizerConfig(List<String> levels, int codebookSize, String quantizer, long seed) {

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
    public static final List<String> QUANTIZERS = List.of(KMEANS, VQ);

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
    }

    /** K-means codebooks, the default quantizer. */
    public TokenizerConfig(List<String> levels, int codebookSize, long seed) {
        this(levels, codebookSize, KMEANS, seed);
    }

    /** All four levels, 256 k-means codes each. */
    public static TokenizerConfig defaults(long seed) {
        return new TokenizerConfig(ALL_LEVELS, DEFAULT_CODEBOOK_SIZE, seed);
    }
}
