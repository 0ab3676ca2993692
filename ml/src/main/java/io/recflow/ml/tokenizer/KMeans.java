package io.recflow.ml.tokenizer;

import java.util.Arrays;
import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding, deterministic per seed (ties go to the lower index). When
 * the points hold fewer than {@code k} distinct values, k-means++ runs out of new positions and the
 * result simply has fewer clusters; an emptied cluster is moved to the point farthest from its
 * centroid, and one that stays empty is dropped. Cluster ids are always 0..k'-1.
 */
public final class KMeans {

    public static final int DEFAULT_MAX_ITERATIONS = 100;

    /** Centroids (k' x dims) and the cluster of every point. */
    public record Result(float[][] centroids, int[] assignments) {

        public int clusters() {
            return centroids.length;
        }
    }

    private KMeans() {
    }

    public static Result fit(float[][] points, int k, long seed) {
        return fit(points, k, seed, DEFAULT_MAX_ITERATIONS);
    }

    public static Result fit(float[][] points, int k, long seed, int maxIterations) {
        if (points.length == 0 || k < 1) {
            throw new IllegalArgumentException("k-means needs at least one point and k >= 1 (got "
                    + points.length + " points, k=" + k + ")");
        }
        double[][] centroids = seed(points, k, new Random(seed));
        int[] assignments = new int[points.length];
        Arrays.fill(assignments, -1);
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = assign(points, centroids, assignments);
            if (!changed) {
                break;
            }
            centroids = update(points, centroids, assignments);
        }
        assign(points, centroids, assignments);
        return compact(centroids, assignments);
    }

    /** k-means++: each next centre is a point drawn with probability proportional to its squared distance to the nearest centre. */
    private static double[][] seed(float[][] points, int k, Random random) {
        double[][] centres = new double[k][];
        centres[0] = toDouble(points[random.nextInt(points.length)]);
        double[] nearest = new double[points.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        int chosen = 1;
        for (; chosen < k; chosen++) {
            double total = 0;
            for (int p = 0; p < points.length; p++) {
                nearest[p] = Math.min(nearest[p], distance(points[p], centres[chosen - 1]));
                total += nearest[p];
            }
            if (total == 0) {
                break; // every point coincides with a centre: no distinct positions left
            }
            double target = random.nextDouble() * total;
            int pick = -1;
            for (int p = 0; p < points.length && target >= 0; p++) {
                if (nearest[p] > 0) {
                    pick = p;
                    target -= nearest[p];
                }
            }
            centres[chosen] = toDouble(points[pick]);
        }
        return Arrays.copyOf(centres, chosen);
    }

    private static boolean assign(float[][] points, double[][] centroids, int[] assignments) {
        boolean changed = false;
        for (int p = 0; p < points.length; p++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                if (centroids[c] == null) {
                    continue;
                }
                double d = distance(points[p], centroids[c]);
                if (d < bestDistance) {
                    best = c;
                    bestDistance = d;
                }
            }
            changed |= assignments[p] != best;
            assignments[p] = best;
        }
        return changed;
    }

    /** Means of the clusters; an empty cluster takes the worst-served point, or is dropped (null) if none is off-centre. */
    private static double[][] update(float[][] points, double[][] centroids, int[] assignments) {
        int dims = points[0].length;
        double[][] sums = new double[centroids.length][dims];
        int[] sizes = new int[centroids.length];
        for (int p = 0; p < points.length; p++) {
            sizes[assignments[p]]++;
            for (int d = 0; d < dims; d++) {
                sums[assignments[p]][d] += points[p][d];
            }
        }
        double[][] updated = new double[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            if (sizes[c] > 0) {
                for (int d = 0; d < dims; d++) {
                    sums[c][d] /= sizes[c];
                }
                updated[c] = sums[c];
            }
        }
        for (int c = 0; c < centroids.length; c++) {
            if (updated[c] == null && centroids[c] != null) {
                int farthest = farthestPoint(points, updated, assignments, sizes);
                if (farthest >= 0) {
                    sizes[assignments[farthest]]--;
                    assignments[farthest] = c;
                    sizes[c] = 1;
                    updated[c] = toDouble(points[farthest]);
                }
            }
        }
        return updated;
    }

    /** The point farthest from its own centroid among clusters with more than one member, or -1. */
    private static int farthestPoint(float[][] points, double[][] centroids, int[] assignments, int[] sizes) {
        int farthest = -1;
        double farthestDistance = 0;
        for (int p = 0; p < points.length; p++) {
            double[] centroid = centroids[assignments[p]];
            if (centroid != null && sizes[assignments[p]] > 1) {
                double d = distance(points[p], centroid);
                if (d > farthestDistance) {
                    farthest = p;
                    farthestDistance = d;
                }
            }
        }
        return farthest;
    }

    private static Result compact(double[][] centroids, int[] assignments) {
        int[] newId = new int[centroids.length];
        Arrays.fill(newId, -1);
        boolean[] used = new boolean[centroids.length];
        for (int a : assignments) {
            used[a] = true;
        }
        int next = 0;
        for (int c = 0; c < centroids.length; c++) {
            if (used[c]) {
                newId[c] = next++;
            }
        }
        float[][] kept = new float[next][];
        for (int c = 0; c < centroids.length; c++) {
            if (used[c]) {
                kept[newId[c]] = new float[centroids[c].length];
                for (int d = 0; d < centroids[c].length; d++) {
                    kept[newId[c]][d] = (float) centroids[c][d];
                }
            }
        }
        int[] relabelled = new int[assignments.length];
        for (int p = 0; p < assignments.length; p++) {
            relabelled[p] = newId[assignments[p]];
        }
        return new Result(kept, relabelled);
    }

    private static double distance(float[] point, double[] centre) {
        double sum = 0;
        for (int d = 0; d < point.length; d++) {
            double diff = point[d] - centre[d];
            sum += diff * diff;
        }
        return sum;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
