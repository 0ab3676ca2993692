package io.recflow.ml.train;

/** Seeds derived from a run's seed, so that each random stream of a run can be recreated on its own (on resume). */
public final class Seeds {

    private Seeds() {
    }

    /**
     * The seed of stream ({@code major}, {@code minor}) of a run seeded {@code seed}: e.g. (step, example) or
     * (draw, user). Two odd 64-bit multipliers (the golden ratio's and MurmurHash3's) spread neighbouring
     * values over the whole range, so nearby streams do not start from nearby states.
     */
    public static long mix(long seed, long major, long minor) {
        return seed * 0x9E3779B97F4A7C15L + major * 0xC2B2AE3D27D4EB4FL + minor;
    }
}
