package io.recflow.ml.data.synthetic;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.UserSequence;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDatasetTest {

    private static final SyntheticConfig SMALL = new SyntheticConfig(200, 400, 15, 60, 11);

    @Test
    void sameSeedGivesTheSameDataAndAnotherSeedDoesNot() {
        InteractionDataset a = SyntheticDataset.generate(SMALL).dataset();
        InteractionDataset b = SyntheticDataset.generate(SMALL).dataset();
        InteractionDataset c = SyntheticDataset.generate(new SyntheticConfig(200, 400, 15, 60, 12)).dataset();
        assertEquals(a.sequences(), b.sequences());
        assertEquals(a.catalog().items(), b.catalog().items());
        assertNotEquals(a.sequences(), c.sequences());
        assertNotEquals(a.catalog().items(), c.catalog().items());
    }

    @Test
    void defaultSizesAndSequenceShape() {
        InteractionDataset data = SyntheticDataset.generate(7).dataset();
        assertEquals(600, data.catalog().size());
        assertEquals(3000, data.sequences().size());
        for (UserSequence s : data.sequences()) {
            assertTrue(s.length() >= 15 && s.length() <= 60, s + " has length " + s.length());
            assertEquals(s.length(), new HashSet<>(box(s.items())).size(), s + " repeats an item");
            for (int t = 1; t < s.length(); t++) {
                assertTrue(s.timestamps()[t] > s.timestamps()[t - 1], s + " timestamps not increasing at " + t);
            }
        }
    }

    @Test
    void itemTextCarriesItsCategory() {
        for (Item item : SyntheticDataset.generate(SMALL).dataset().catalog().items()) {
            assertTrue(item.categoryPath().size() == 2 || item.categoryPath().size() == 3, item.toString());
            assertTrue(!item.title().isBlank() && !item.description().isBlank(), item.toString());
            Taxonomy.Leaf leaf = Taxonomy.LEAVES.stream().filter(l -> l.path().equals(item.categoryPath()))
                    .findFirst().orElseThrow();
            List<String> words = List.of(item.description().toLowerCase().replaceAll("[.,]", "").split(" "));
            long fromLeaf = words.stream().filter(leaf.words()::contains).count();
            long fromOtherLeaves = words.stream().filter(w -> !leaf.words().contains(w))
                    .filter(w -> Taxonomy.LEAVES.stream().anyMatch(l -> l.words().contains(w))).count();
            assertTrue(fromLeaf >= 2 && fromLeaf > fromOtherLeaves, item + ": " + fromLeaf + " leaf words");
        }
    }

    @Test
    void seriesAreReadInOrderAndOftenBackToBack() {
        SyntheticDataset synthetic = SyntheticDataset.generate(SMALL);
        long transitions = 0;
        long nextVolume = 0;
        long sameCategory = 0;
        List<Item> items = synthetic.dataset().catalog().items();
        for (UserSequence s : synthetic.dataset().sequences()) {
            Map<Integer, Integer> lastVolume = new HashMap<>();
            for (int t = 0; t < s.length(); t++) {
                int item = s.items()[t];
                int series = synthetic.seriesOf(item);
                if (series >= 0) {
                    int previous = lastVolume.getOrDefault(series, 0);
                    assertEquals(previous + 1, synthetic.volumeOf(item), s.user() + " skipped a volume at " + t);
                    lastVolume.put(series, synthetic.volumeOf(item));
                }
                if (t > 0) {
                    int before = s.items()[t - 1];
                    transitions++;
                    nextVolume += series >= 0 && series == synthetic.seriesOf(before) ? 1 : 0;
                    sameCategory += items.get(item).categoryPath().equals(items.get(before).categoryPath()) ? 1 : 0;
                }
            }
        }
        // By chance, 1 in 20 transitions would stay in the category; the simulator stays far more often.
        assertTrue(sameCategory > 0.5 * transitions, sameCategory + " of " + transitions);
        assertTrue(nextVolume > 0.15 * transitions, nextVolume + " of " + transitions);
    }

    @Test
    void preferencesDriftLateInTheSequence() {
        SyntheticDataset synthetic = SyntheticDataset.generate(SMALL);
        List<Item> items = synthetic.dataset().catalog().items();
        double earlyOverlap = 0;
        double driftOverlap = 0;
        List<UserSequence> sequences = synthetic.dataset().sequences();
        for (int u = 0; u < sequences.size(); u++) {
            int[] s = sequences.get(u).items();
            int drift = synthetic.driftPosition(u);
            assertTrue(drift >= 0.55 * s.length - 1 && drift <= 0.8 * s.length + 1, "drift at " + drift);
            Set<List<String>> start = categories(items, s, 0, drift / 2);
            earlyOverlap += overlap(start, categories(items, s, drift / 2, drift));
            driftOverlap += overlap(start, categories(items, s, drift, s.length));
        }
        // Before the drift the second quarter revisits the first quarter's categories; after it, far less.
        assertTrue(driftOverlap < 0.6 * earlyOverlap, "overlap before drift " + earlyOverlap + ", after " + driftOverlap);
    }

    private static Set<List<String>> categories(List<Item> items, int[] sequence, int from, int to) {
        Set<List<String>> categories = new HashSet<>();
        for (int t = from; t < to; t++) {
            categories.add(items.get(sequence[t]).categoryPath());
        }
        return categories;
    }

    /** Share of {@code later}'s categories already seen in {@code earlier}. */
    private static double overlap(Set<List<String>> earlier, Set<List<String>> later) {
        return later.isEmpty() ? 0 : later.stream().filter(earlier::contains).count() / (double) later.size();
    }

    private static List<Integer> box(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
