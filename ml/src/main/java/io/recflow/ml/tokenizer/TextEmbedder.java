package io.recflow.ml.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The built-in text encoder (no download): hashed word unigram + bigram TF-IDF, reduced by a
 * randomised truncated SVD (Halko et al. 2011, two power iterations) to dense vectors, which are
 * then L2-normalised so that k-means on them groups by cosine similarity. It is fitted on the
 * documents it embeds (a catalogue's titles, say), which is all the tokenizer needs. Deterministic
 * per seed; everything is computed in double precision in plain Java.
 */
public final class TextEmbedder {

    public static final int DEFAULT_DIMENSIONS = 32;
    public static final int DEFAULT_BUCKETS = 1 << 15;
    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 2;

    private final int dimensions;
    private final int buckets;
    private final long seed;

    public TextEmbedder(int dimensions, int buckets, long seed) {
        if (dimensions < 1 || buckets < 1) {
            throw new IllegalArgumentException("dimensions and buckets must be >= 1");
        }
        this.dimensions = dimensions;
        this.buckets = buckets;
        this.seed = seed;
    }

    public TextEmbedder(long seed) {
        this(DEFAULT_DIMENSIONS, DEFAULT_BUCKETS, seed);
    }

    /**
     * One vector of {@code dimensions} per document. Documents without words map to the zero vector;
     * when the documents span fewer than {@code dimensions} directions the surplus components are 0.
     */
    public float[][] embed(List<String> documents) {
        SparseMatrix tfidf = tfidf(documents);
        double[][] components = truncatedSvd(tfidf);
        float[][] embeddings = new float[documents.size()][dimensions];
        for (int doc = 0; doc < documents.size(); doc++) {
            double norm = 0;
            for (double value : components[doc]) {
                norm += value * value;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < components[doc].length && norm > 0; c++) {
                embeddings[doc][c] = (float) (components[doc][c] / norm);
            }
        }
        return embeddings;
    }

    /** Lower-case words: maximal runs of letters and digits. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** Rows are documents, columns the hashed features that occur at all (compacted, in bucket order). */
    private SparseMatrix tfidf(List<String> documents) {
        List<Map<Integer, Integer>> counts = new ArrayList<>(documents.size());
        Map<Integer, Integer> documentFrequency = new TreeMap<>();
        for (String document : documents) {
            Map<Integer, Integer> features = new HashMap<>();
            List<String> words = words(document);
            for (int w = 0; w < words.size(); w++) {
                features.merge(bucket(words.get(w)), 1, Integer::sum);
                if (w > 0) {
                    features.merge(bucket(words.get(w - 1) + ' ' + words.get(w)), 1, Integer::sum);
                }
            }
            features.keySet().forEach(f -> documentFrequency.merge(f, 1, Integer::sum));
            counts.add(features);
        }
        Map<Integer, Integer> column = new HashMap<>();
        for (int bucket : documentFrequency.keySet()) {
            column.put(bucket, column.size());
        }
        int n = documents.size();
        int[][] indexes = new int[n][];
        double[][] values = new double[n][];
        for (int doc = 0; doc < n; doc++) {
            int[] features = counts.get(doc).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            indexes[doc] = new int[features.length];
            values[doc] = new double[features.length];
            double norm = 0;
            for (int f = 0; f < features.length; f++) {
                double tf = 1 + Math.log(counts.get(doc).get(features[f]));
                double idf = 1 + Math.log((1.0 + n) / (1.0 + documentFrequency.get(features[f])));
                indexes[doc][f] = column.get(features[f]);
                values[doc][f] = tf * idf;
                norm += values[doc][f] * values[doc][f];
            }
            for (int f = 0; f < features.length; f++) {
                values[doc][f] /= Math.sqrt(norm);
            }
        }
        return new SparseMatrix(indexes, values, column.size());
    }

    /** A well-spread, platform-independent bucket (String.hashCode is specified; the mix spreads its bits). */
    private int bucket(String feature) {
        int h = feature.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return Math.floorMod(h, buckets);
    }

    /** The documents' coordinates on the top singular directions: U·Σ, truncated to {@code dimensions} columns. */
    private double[][] truncatedSvd(SparseMatrix x) {
        int n = x.rows();
        int width = Math.min(dimensions + OVERSAMPLING, Math.min(n, x.columns()));
        if (width == 0) {
            return new double[n][0];
        }
        Random random = new Random(seed);
        double[][] omega = new double[x.columns()][width];
        for (double[] row : omega) {
            for (int c = 0; c < width; c++) {
                row[c] = random.nextGaussian();
            }
        }
        double[][] range = DenseMath.orthonormalColumns(x.times(omega));
        for (int i = 0; i < POWER_ITERATIONS; i++) {
            double[][] back = DenseMath.orthonormalColumns(x.transposeTimes(range));
            range = DenseMath.orthonormalColumns(x.times(back));
        }
        // B = Qᵀ X is small (width x features); the eigenvectors W of B·Bᵀ rotate Q into X's left singular vectors.
        double[][] b = x.transposeTimes(range); // features x width, i.e. Bᵀ
        double[][] gram = DenseMath.gram(b);
        DenseMath.Eigen eigen = DenseMath.symmetricEigen(gram);
        int kept = Math.min(dimensions, eigen.values().length);
        double[][] coordinates = new double[n][kept];
        for (int c = 0; c < kept; c++) {
            double sigma = Math.sqrt(Math.max(0, eigen.values()[c]));
            double[] w = eigen.vectors()[c];
            double[] column = new double[n];
            for (int row = 0; row < n; row++) {
                double u = 0;
                for (int j = 0; j < w.length; j++) {
                    u += range[row][j] * w[j];
                }
                column[row] = u * sigma;
            }
            DenseMath.fixSign(column);
            for (int row = 0; row < n; row++) {
                coordinates[row][c] = column[row];
            }
        }
        return coordinates;
    }

    /** Compressed sparse rows. */
    private record SparseMatrix(int[][] indexes, double[][] values, int columns) {

        int rows() {
            return indexes.length;
        }

        /** X · dense (rows x dense width). */
        double[][] times(double[][] dense) {
            int width = dense.length == 0 ? 0 : dense[0].length;
            double[][] result = new double[rows()][width];
            for (int r = 0; r < rows(); r++) {
                for (int f = 0; f < indexes[r].length; f++) {
                    double value = values[r][f];
                    double[] source = dense[indexes[r][f]];
                    for (int c = 0; c < width; c++) {
                        result[r][c] += value * source[c];
                    }
                }
            }
            return result;
        }

        /** Xᵀ · dense (columns x dense width). */
        double[][] transposeTimes(double[][] dense) {
            int width = dense.length == 0 ? 0 : dense[0].length;
            double[][] result = new double[columns][width];
            for (int r = 0; r < rows(); r++) {
                for (int f = 0; f < indexes[r].length; f++) {
                    double value = values[r][f];
                    double[] target = result[indexes[r][f]];
                    for (int c = 0; c < width; c++) {
                        target[c] += value * dense[r][c];
                    }
                }
            }
            return result;
        }
    }
}
