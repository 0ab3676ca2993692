package io.recflow.ml.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The paired bootstrap for two models scored on the same users: resample users with replacement, keep
 * each user's pair together, and read the distribution of the mean difference. Pairing removes the
 * spread between users (easy and hard ones), which dominates per-user ranking metrics, so it detects
 * much smaller gains than comparing two means would. Seeded: the same inputs and seed give the same
 * result on every machine.
 */
public final class PairedBootstrap {

    public static final int DEFAULT_SAMPLES = 2000;
    public static final double DEFAULT_CONFIDENCE = 0.95;

    private final int samples;
    private final double confidence;
    private final long seed;

    public PairedBootstrap(int samples, double confidence, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("the bootstrap needs at least 1 resample, got " + samples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got " + confidence);
        }
        this.samples = samples;
        this.confidence = confidence;
        this.seed = seed;
    }

    /** {@link #DEFAULT_SAMPLES} resamples and a {@link #DEFAULT_CONFIDENCE} interval. */
    public PairedBootstrap(long seed) {
        this(DEFAULT_SAMPLES, DEFAULT_CONFIDENCE, seed);
    }

    /**
     * Compares {@code a} with {@code b}, where {@code a[i]} and {@code b[i]} are the same user's values.
     *
     * @throws IllegalArgumentException when the arrays differ in length, are empty or hold NaN
     */
    public PairedComparison compare(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired values must be aligned by user: " + a.length + " values vs "
                    + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("no users to compare");
        }
        int n = a.length;
        double[] differences = new double[n];
        for (int i = 0; i < n; i++) {
            differences[i] = a[i] - b[i];
            if (Double.isNaN(differences[i])) {
                throw new IllegalArgumentException("user " + i + " has no value (NaN) to compare");
            }
        }
        // A mean difference within rounding of 0 counts as 0: per-user values such as 3 of 5 draws (0.2 + 0.2 + 0.2 =
        // 0.6000000000000001) make a gain and an equal loss differ in the last bits, and a resample holding one of
        // each would otherwise count as better.
        double tolerance = 1e-9 * Math.max(1, Arrays.stream(differences).map(Math::abs).max().orElse(0));
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[samples];
        int notBetter = 0;
        for (int s = 0; s < samples; s++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += differences[random.nextInt(n)];
            }
            means[s] = sum / n;
            if (means[s] <= tolerance) {
                notBetter++;
            }
        }
        Arrays.sort(means);
        double tail = (1 - confidence) / 2;
        return new PairedComparison(n, Arrays.stream(differences).sum() / n, percentile(means, tail),
                percentile(means, 1 - tail), (double) notBetter / samples, samples, confidence);
    }

    /** The {@code q}-quantile of sorted values, interpolated linearly between neighbouring ranks. */
    private static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
