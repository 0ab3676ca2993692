package io.recflow.ml.data.synthetic;

/**
 * Size and seed of a synthetic data set. Sequence lengths are drawn uniformly from
 * {@code [minLength, maxLength]}; a user never consumes an item twice, so {@code maxLength} may not
 * exceed the catalogue.
 */
public record SyntheticConfig(int items, int users, int minLength, int maxLength, long seed) {

    public static final int DEFAULT_ITEMS = 600;
    public static final int DEFAULT_USERS = 3000;

    public SyntheticConfig {
        int minItems = 2 * Taxonomy.LEAVES.size();
        if (items < minItems) {
            throw new IllegalArgumentException("items must be >= " + minItems + " (two per leaf category), was " + items);
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be >= 1, was " + users);
        }
        if (minLength < 1 || minLength > maxLength || maxLength > items) {
            throw new IllegalArgumentException("need 1 <= minLength <= maxLength <= items, got " + minLength + ", "
                    + maxLength + ", " + items);
        }
    }

    /** 600 items, 3000 users, sequences of 15 to 60 events. */
    public static SyntheticConfig defaults(long seed) {
        return new SyntheticConfig(DEFAULT_ITEMS, DEFAULT_USERS, 15, 60, seed);
    }
}
