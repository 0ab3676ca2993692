package io.recflow.ml.data.synthetic;

import java.util.Random;

/**
 * Draws one user's session. The patterns a sequential model can learn and a popularity ranking
 * cannot: a started series is usually continued volume by volume; the next item mostly stays in the
 * current leaf category or moves to one of its two related leaves (a Markov chain over leaves); and
 * at a user-specific point the user's favourite leaves are replaced by new ones (drift), which is
 * what temporal out-of-distribution evaluation probes.
 */
final class UserSimulator {

    private static final double CONTINUE_SERIES = 0.6;
    private static final double STAY_IN_LEAF = 0.5;
    private static final double MOVE_TO_RELATED = 0.25;
    private static final int FAVOURITES = 3;

    private final SyntheticCatalog catalog;
    /** How attractive each leaf is when users pick favourites: makes category popularity uneven. */
    private final double[] leafAppeal;

    UserSimulator(SyntheticCatalog catalog, Random random) {
        this.catalog = catalog;
        int leaves = Taxonomy.LEAVES.size();
        this.leafAppeal = new double[leaves];
        for (int l = 0; l < leaves; l++) {
            leafAppeal[l] = 0.3 + random.nextDouble();
        }
    }

    /** One user's sequence of distinct items, and the position where the preference drift happens. */
    record Session(int[] items, int driftPosition) {
    }

    Session simulate(int length, Random random) {
        boolean[] consumed = new boolean[catalog.leafOf.length];
        int[] favourites = pickFavourites(new int[0], random);
        int driftPosition = (int) Math.round(length * (0.55 + 0.25 * random.nextDouble()));
        int[] items = new int[length];
        for (int t = 0; t < length; t++) {
            if (t == driftPosition) {
                favourites = pickFavourites(favourites, random);
            }
            // The first event, and the first after the drift, come from the (new) favourites.
            int item = t == 0 || t == driftPosition ? fromLeaf(favouriteLeaf(favourites, random), consumed, random)
                    : next(items[t - 1], favourites, consumed, random);
            if (item < 0) {
                item = anyUnconsumed(consumed, random);
            }
            consumed[item] = true;
            items[t] = item;
        }
        return new Session(items, driftPosition);
    }

    private int next(int previous, int[] favourites, boolean[] consumed, Random random) {
        int series = catalog.seriesOf[previous];
        if (series >= 0 && catalog.volumeOf[previous] < catalog.seriesItems[series].length
                && random.nextDouble() < CONTINUE_SERIES) {
            int nextVolume = catalog.seriesItems[series][catalog.volumeOf[previous]];
            if (!consumed[nextVolume]) {
                return nextVolume;
            }
        }
        double r = random.nextDouble();
        int leaf = catalog.leafOf[previous];
        if (r >= STAY_IN_LEAF) {
            leaf = r < STAY_IN_LEAF + MOVE_TO_RELATED
                    ? catalog.relatedLeaves[leaf][random.nextInt(2)] : favouriteLeaf(favourites, random);
        }
        int item = fromLeaf(leaf, consumed, random);
        return item >= 0 ? item : fromLeaf(favouriteLeaf(favourites, random), consumed, random);
    }

    /**
     * A popularity-weighted unconsumed item of the leaf, or -1 when the leaf is used up. Every pick
     * goes through {@link #firstUnreadVolume}: series are always read in order.
     */
    private int fromLeaf(int leaf, boolean[] consumed, Random random) {
        int[] members = catalog.itemsByLeaf[leaf];
        double total = 0;
        for (int item : members) {
            total += consumed[item] ? 0 : catalog.weight[item];
        }
        if (total == 0) {
            return -1;
        }
        double target = random.nextDouble() * total;
        int chosen = -1;
        for (int item : members) {
            if (!consumed[item]) {
                chosen = item;
                target -= catalog.weight[item];
                if (target < 0) {
                    break;
                }
            }
        }
        return firstUnreadVolume(chosen, consumed);
    }

    /** The item itself, or for a series item the series' first volume the user has not read yet. */
    private int firstUnreadVolume(int item, boolean[] consumed) {
        int series = catalog.seriesOf[item];
        if (series >= 0) {
            for (int volume : catalog.seriesItems[series]) {
                if (!consumed[volume]) {
                    return volume;
                }
            }
        }
        return item;
    }

    private int anyUnconsumed(boolean[] consumed, Random random) {
        int start = random.nextInt(consumed.length);
        for (int i = 0; i < consumed.length; i++) {
            int item = (start + i) % consumed.length;
            if (!consumed[item]) {
                return firstUnreadVolume(item, consumed);
            }
        }
        throw new IllegalStateException("every item consumed; the config guarantees maxLength <= items");
    }

    /** Favourite leaves drawn by appeal, none of them among {@code previous} (so a drift is a real change). */
    private int[] pickFavourites(int[] previous, Random random) {
        double[] appeal = leafAppeal.clone();
        for (int leaf : previous) {
            appeal[leaf] = 0;
        }
        int[] favourites = new int[FAVOURITES];
        for (int f = 0; f < FAVOURITES; f++) {
            favourites[f] = sample(appeal, random);
            appeal[favourites[f]] = 0;
        }
        return favourites;
    }

    private static int favouriteLeaf(int[] favourites, Random random) {
        return favourites[random.nextInt(favourites.length)];
    }

    private static int sample(double[] weights, Random random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double target = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                target -= weights[i];
                if (target < 0) {
                    return i;
                }
            }
        }
        return last;
    }
}
