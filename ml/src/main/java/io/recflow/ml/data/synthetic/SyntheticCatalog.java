package io.recflow.ml.data.synthetic;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The generated catalogue plus the ground truth the user simulator needs: each item's leaf
 * category, series and volume, and a within-leaf popularity weight (Zipf-like, so the popularity
 * baseline has something to find).
 */
final class SyntheticCatalog {

    /** Chance that the next item of a leaf starts a series (of 3 to 5 volumes); about 40% of items end up in one. */
    private static final double SERIES_START = 0.15;
    private static final double ZIPF_EXPONENT = 0.9;

    final ItemCatalog catalog;
    final int[] leafOf;
    /** Series id of each item, -1 when it belongs to none. */
    final int[] seriesOf;
    /** 1-based volume within the series, 0 when the item belongs to none. */
    final int[] volumeOf;
    final double[] weight;
    final int[][] itemsByLeaf;
    /** Series id -> its items ordered by volume. */
    final int[][] seriesItems;
    /** Leaf -> two leaves users often move on to (one sibling, one elsewhere). */
    final int[][] relatedLeaves;

    private SyntheticCatalog(ItemCatalog catalog, int[] leafOf, int[] seriesOf, int[] volumeOf, double[] weight,
            int[][] itemsByLeaf, int[][] seriesItems, int[][] relatedLeaves) {
        this.catalog = catalog;
        this.leafOf = leafOf;
        this.seriesOf = seriesOf;
        this.volumeOf = volumeOf;
        this.weight = weight;
        this.itemsByLeaf = itemsByLeaf;
        this.seriesItems = seriesItems;
        this.relatedLeaves = relatedLeaves;
    }

    static SyntheticCatalog generate(int itemCount, Random random) {
        int leaves = Taxonomy.LEAVES.size();
        // Shuffle which index lands in which leaf so that index order carries no category signal.
        List<Integer> order = new ArrayList<>(itemCount);
        for (int i = 0; i < itemCount; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int[] leafOf = new int[itemCount];
        List<List<Integer>> byLeaf = new ArrayList<>();
        for (int l = 0; l < leaves; l++) {
            byLeaf.add(new ArrayList<>());
        }
        for (int position = 0; position < itemCount; position++) {
            int item = order.get(position);
            leafOf[item] = position % leaves;
            byLeaf.get(position % leaves).add(item);
        }
        int[] seriesOf = new int[itemCount];
        int[] volumeOf = new int[itemCount];
        double[] weight = new double[itemCount];
        String[] titles = new String[itemCount];
        List<int[]> series = new ArrayList<>();
        for (int l = 0; l < leaves; l++) {
            List<Integer> members = byLeaf.get(l);
            Taxonomy.Leaf leaf = Taxonomy.LEAVES.get(l);
            assignPopularity(members, weight, random);
            int next = 0;
            while (next < members.size()) {
                int remaining = members.size() - next;
                int length = 3 + random.nextInt(3);
                if (remaining >= length && random.nextDouble() < SERIES_START) {
                    String name = "The " + capitalise(pick(Taxonomy.ADJECTIVES, random)) + " "
                            + capitalise(pick(leaf.words(), random));
                    int[] volumes = new int[length];
                    for (int v = 0; v < length; v++) {
                        int item = members.get(next + v);
                        volumes[v] = item;
                        seriesOf[item] = series.size();
                        volumeOf[item] = v + 1;
                        titles[item] = name + " Vol. " + (v + 1);
                    }
                    series.add(volumes);
                    next += length;
                } else {
                    int item = members.get(next);
                    seriesOf[item] = -1;
                    titles[item] = capitalise(pick(leaf.words(), random)) + " " + capitalise(pick(leaf.words(), random))
                            + " " + capitalise(pick(Taxonomy.topWords(leaf.top()), random));
                    next++;
                }
            }
        }
        int width = Integer.toString(itemCount).length();
        List<Item> items = new ArrayList<>(itemCount);
        for (int i = 0; i < itemCount; i++) {
            Taxonomy.Leaf leaf = Taxonomy.LEAVES.get(leafOf[i]);
            items.add(new Item(i, "i" + pad(i + 1, width), leaf.path(), titles[i], description(leaf, random)));
        }
        int[][] itemsByLeaf = byLeaf.stream().map(m -> m.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        return new SyntheticCatalog(new ItemCatalog(items), leafOf, seriesOf, volumeOf, weight, itemsByLeaf,
                series.toArray(int[][]::new), relatedLeaves(random));
    }

    /** Zipf weights over a random ranking of the leaf's items. */
    private static void assignPopularity(List<Integer> members, double[] weight, Random random) {
        List<Integer> ranking = new ArrayList<>(members);
        Collections.shuffle(ranking, random);
        for (int rank = 0; rank < ranking.size(); rank++) {
            weight[ranking.get(rank)] = 1.0 / Math.pow(rank + 1, ZIPF_EXPONENT);
        }
    }

    private static int[][] relatedLeaves(Random random) {
        int leaves = Taxonomy.LEAVES.size();
        int[][] related = new int[leaves][];
        for (int l = 0; l < leaves; l++) {
            String top = Taxonomy.LEAVES.get(l).top();
            List<Integer> siblings = new ArrayList<>();
            List<Integer> others = new ArrayList<>();
            for (int o = 0; o < leaves; o++) {
                if (o != l) {
                    (Taxonomy.LEAVES.get(o).top().equals(top) ? siblings : others).add(o);
                }
            }
            related[l] = new int[] {siblings.get(random.nextInt(siblings.size())),
                others.get(random.nextInt(others.size()))};
        }
        return related;
    }

    /** Mostly leaf words, some top-level words, some filler; a comma now and then (exercises CSV quoting). */
    private static String description(Taxonomy.Leaf leaf, Random random) {
        List<String> topWords = Taxonomy.topWords(leaf.top());
        int length = 10 + random.nextInt(7);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < length; w++) {
            double r = random.nextDouble();
            String word = r < 0.55 ? pick(leaf.words(), random)
                    : r < 0.75 ? pick(topWords, random) : pick(Taxonomy.FILLER, random);
            if (w > 0) {
                text.append(w == length / 2 && random.nextBoolean() ? ", " : " ");
            }
            text.append(w == 0 ? capitalise(word) : word);
        }
        return text.append('.').toString();
    }

    private static String pick(List<String> words, Random random) {
        return words.get(random.nextInt(words.size()));
    }

    private static String capitalise(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    static String pad(int number, int width) {
        String digits = Integer.toString(number);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
