package io.recflow.ml.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Residual k-means: the first codebook clusters the embeddings, each next one clusters what the previous codes
 * left unexplained (the embedding minus the sum of the centroids chosen so far), as TIGER's and LETTER's residual
 * quantisers build semantic ids — here with k-means codebooks instead of a trained RQ-VAE. Where one flat level of
 * K codes leaves most items sharing their code with others (only the disambiguation token then tells them apart),
 * D residual levels of K codes can tell K^D items apart, coarse to fine.
 */
public final class ResidualKMeans {

    private ResidualKMeans() {
    }

    /**
     * @param depth levels of codes, at least 1 (1 is plain k-means)
     * @return the codes of every point, one array per level, coarsest first
     */
    public static List<int[]> fit(float[][] points, int codebook, int depth, long seed) {
        if (depth < 1) {
            throw new IllegalArgumentException("residual depth must be at least 1, was " + depth);
        }
        float[][] residual = new float[points.length][];
        for (int p = 0; p < points.length; p++) {
            residual[p] = points[p].clone();
        }
        List<int[]> levels = new ArrayList<>(depth);
        for (int level = 0; level < depth; level++) {
            // The first level is exactly the flat k-means of the same seed.
            KMeans.Result result = KMeans.fit(residual, codebook, level == 0 ? seed : seed * 131 + level);
            levels.add(result.assignments());
            for (int p = 0; p < points.length; p++) {
                float[] centroid = result.centroids()[result.assignments()[p]];
                for (int d = 0; d < centroid.length; d++) {
                    residual[p][d] -= centroid[d];
                }
            }
        }
        return levels;
    }
}
