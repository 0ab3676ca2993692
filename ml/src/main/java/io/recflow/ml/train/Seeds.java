package io.recflow.ml.train;

/** Seeds derived from a run's seed, so that each random stream of a run can be recreated on its own (on resume). */
public final class Seeds {

    private Seeds() {
    }

    /**
     * The seed of stream ({@code major}, {@code minor}) of a run seeded {@code seed}: e.g. (step, example) or
     * (draw, user). The three are combined with two odd 64-bit multipliers (the golden ratio's and MurmurHash3's),
     * then scrambled with SplitMix64's finaliser, so that neighbouring streams (user u and u + 1) get unrelated
     * seeds: java.util.Random's first value barely moves between seeds that differ in their low bits, and the
     * first negative drawn for 1,000 consecutive users once fell in a band of a tenth of the catalogue.
     */
    public static long mix(long seed, long major, long minor) {
        long z = seed * 0x9E3779B97F4A7C15L + major * 0xC2B2AE3D27D4EB4FL + minor;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
