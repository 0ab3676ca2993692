package io.recflow.ml.tokenizer;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoarseToFineTokenizerTest {

    private static final ItemCatalog CATALOG =
            SyntheticDataset.generate(new SyntheticConfig(300, 1, 1, 1, 5)).dataset().catalog();

    private static float[][] randomEmbeddings(int items, long seed) {
        Random random = new Random(seed);
        float[][] embeddings = new float[items][16];
        for (float[] row : embeddings) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        return embeddings;
    }

    @Test
    void oneCodePerLevelAndEveryTupleUnique() {
        ItemCodes codes = CoarseToFineTokenizer.train(CATALOG, randomEmbeddings(300, 1), new TokenizerConfig(
                TokenizerConfig.ALL_LEVELS, 16, 3));

        assertEquals(List.of("category", "title", "description", "collaborative", "disambiguation"),
                codes.levelNames());
        assertEquals(300, codes.itemCount());
        for (int l = 0; l < 4; l++) {
            assertTrue(codes.levelSizes()[l] >= 2 && codes.levelSizes()[l] <= 16, "level " + l + " size "
                    + codes.levelSizes()[l]);
        }
        Set<List<Integer>> tuples = new HashSet<>();
        for (int[] tuple : codes.codes()) {
            assertEquals(5, tuple.length);
            assertTrue(tuples.add(List.of(tuple[0], tuple[1], tuple[2], tuple[3], tuple[4])), "duplicate tuple");
        }
        CollisionStats stats = CollisionStats.of(codes);
        assertEquals(stats.largestGroup(), codes.levelSizes()[4]);
    }

    @Test
    void itemsOfACategoryShareTheCategoryCodeAndCategoriesDiffer() {
        ItemCodes codes = CoarseToFineTokenizer.train(CATALOG, null, new TokenizerConfig(
                List.of(TokenizerConfig.CATEGORY, TokenizerConfig.TITLE), 256, 3));
        assertEquals(List.of("category", "title", "disambiguation"), codes.levelNames());
        Map<List<String>, Integer> codeOfPath = new HashMap<>();
        for (Item item : CATALOG.items()) {
            Integer previous = codeOfPath.putIfAbsent(item.categoryPath(), codes.codes()[item.index()][0]);
            if (previous != null) {
                assertEquals(previous, codes.codes()[item.index()][0], item.toString());
            }
        }
        assertEquals(20, codeOfPath.size());
        assertEquals(20, new HashSet<>(codeOfPath.values()).size());
        assertEquals(20, codes.levelSizes()[0]);
    }

    @Test
    void categoryCodebookSmallerThanThePathsStillKeepsPathsTogether() {
        ItemCodes codes = CoarseToFineTokenizer.train(CATALOG, null, new TokenizerConfig(
                List.of(TokenizerConfig.CATEGORY), 6, 3));
        assertTrue(codes.levelSizes()[0] <= 6);
        Map<List<String>, Set<Integer>> codesOfPath = new HashMap<>();
        for (Item item : CATALOG.items()) {
            codesOfPath.computeIfAbsent(item.categoryPath(), p -> new HashSet<>()).add(codes.codes()[item.index()][0]);
        }
        codesOfPath.values().forEach(set -> assertEquals(1, set.size()));
        // With 20 paths in at most 6 codes many items collide; disambiguation still separates them.
        assertTrue(CollisionStats.of(codes).collisionRate() > 0.9);
        assertEquals(300, new HashSet<>(tuples(codes)).size());
    }

    @Test
    void textCodesFollowTheCategoriesTheTextWasWrittenFrom() {
        // Random clusters of this size would be about 30% pure; descriptions are mostly category words.
        assertTrue(purity(TokenizerConfig.DESCRIPTION, 20) > 0.85);
        assertTrue(purity(TokenizerConfig.TITLE, 64) > 0.6);
    }

    @Test
    void learnedVqCodesEveryLevelAndFollowTheCategoriesToo() {
        TokenizerConfig config = new TokenizerConfig(TokenizerConfig.ALL_LEVELS, 16, TokenizerConfig.VQ, 3);
        ItemCodes codes = CoarseToFineTokenizer.train(CATALOG, randomEmbeddings(300, 1), config);

        assertEquals(List.of("category", "title", "description", "collaborative", "disambiguation"),
                codes.levelNames());
        for (int l = 0; l < 4; l++) {
            assertTrue(codes.levelSizes()[l] >= 2 && codes.levelSizes()[l] <= 16, "level " + l + " size "
                    + codes.levelSizes()[l]);
        }
        assertEquals(300, new HashSet<>(tuples(codes)).size());
        assertEquals(codes, CoarseToFineTokenizer.train(CATALOG, randomEmbeddings(300, 1), config));
        assertTrue(purity(new TokenizerConfig(List.of(TokenizerConfig.DESCRIPTION), 20, TokenizerConfig.VQ, 3)) > 0.85);
    }

    /** Share of items whose code's most common category is their own. */
    private static double purity(String level, int codebook) {
        return purity(new TokenizerConfig(List.of(level), codebook, 3));
    }

    private static double purity(TokenizerConfig config) {
        ItemCodes codes = CoarseToFineTokenizer.train(CATALOG, null, config);
        Map<Integer, Map<List<String>, Integer>> categoriesPerCode = new HashMap<>();
        for (Item item : CATALOG.items()) {
            categoriesPerCode.computeIfAbsent(codes.codes()[item.index()][0], c -> new HashMap<>())
                    .merge(item.categoryPath(), 1, Integer::sum);
        }
        int majority = categoriesPerCode.values().stream()
                .mapToInt(counts -> counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return majority / (double) CATALOG.size();
    }

    @Test
    void residualKMeansSplitsALevelIntoFinerLevelsThatTellItemsApart() {
        float[][] collaborative = randomEmbeddings(300, 4);
        List<String> levels = List.of(TokenizerConfig.COLLABORATIVE);
        ItemCodes flat = CoarseToFineTokenizer.train(CATALOG, collaborative, new TokenizerConfig(levels, 8, 5));
        ItemCodes residual = CoarseToFineTokenizer.train(CATALOG, collaborative,
                new TokenizerConfig(levels, 8, TokenizerConfig.RESIDUAL_KMEANS, 3, 5));

        assertEquals(List.of("collaborative", "collaborative-2", "collaborative-3", "disambiguation"),
                residual.levelNames());
        assertArrayEquals(column(flat, 0), column(residual, 0), "the first level is the flat k-means");
        // 8 codes: every item shares its code (300 items); 8^3 residual codes tell about half of them apart
        assertTrue(CollisionStats.of(residual).collisionRate() < 0.6 * CollisionStats.of(flat).collisionRate(),
                CollisionStats.of(residual).collisionRate() + " vs " + CollisionStats.of(flat).collisionRate());
    }

    @Test
    void eachResidualLevelExplainsWhatTheCoarserOnesLeft() {
        float[][] points = randomEmbeddings(300, 6);
        double before = Double.POSITIVE_INFINITY;
        for (int depth = 1; depth <= 4; depth++) {
            List<int[]> codes = ResidualKMeans.fit(points, 8, depth, 11);
            double error = reconstructionError(points, codes);
            assertTrue(error < before, "depth " + depth + ": " + error + " after " + before);
            before = error;
        }
    }

    /** The mean squared distance of each point to the sum of the centroids its codes name, refitted per level. */
    private static double reconstructionError(float[][] points, List<int[]> codes) {
        float[][] residual = new float[points.length][];
        for (int p = 0; p < points.length; p++) {
            residual[p] = points[p].clone();
        }
        for (int[] level : codes) {
            int k = java.util.Arrays.stream(level).max().orElse(0) + 1;
            double[][] sums = new double[k][points[0].length];
            int[] counts = new int[k];
            for (int p = 0; p < points.length; p++) {
                counts[level[p]]++;
                for (int d = 0; d < points[p].length; d++) {
                    sums[level[p]][d] += residual[p][d];
                }
            }
            for (int p = 0; p < points.length; p++) {
                for (int d = 0; d < points[p].length; d++) {
                    residual[p][d] -= (float) (sums[level[p]][d] / counts[level[p]]);
                }
            }
        }
        double error = 0;
        for (float[] r : residual) {
            for (float v : r) {
                error += v * v;
            }
        }
        return error / points.length;
    }

    private static int[] column(ItemCodes codes, int level) {
        return java.util.Arrays.stream(codes.codes()).mapToInt(c -> c[level]).toArray();
    }

    @Test
    void sameSeedSameCodes() {
        float[][] collaborative = randomEmbeddings(300, 2);
        TokenizerConfig config = new TokenizerConfig(TokenizerConfig.ALL_LEVELS, 32, 9);
        ItemCodes a = CoarseToFineTokenizer.train(CATALOG, collaborative, config);
        assertEquals(a, CoarseToFineTokenizer.train(CATALOG, collaborative, config));
        assertNotEquals(a, CoarseToFineTokenizer.train(CATALOG, collaborative,
                new TokenizerConfig(TokenizerConfig.ALL_LEVELS, 32, 10)));
    }

    @Test
    void interactionOnlyCatalogueUsesTheCollaborativeLevelOnly() {
        List<Item> bare = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            bare.add(Item.bare(i, "x" + i));
        }
        ItemCatalog catalog = new ItemCatalog(bare);
        ItemCodes codes = CoarseToFineTokenizer.train(catalog, randomEmbeddings(50, 3), TokenizerConfig.defaults(1));
        assertEquals(List.of("collaborative", "disambiguation"), codes.levelNames());
        assertTrue(codes.levelSizes()[0] <= 50);
        assertEquals(50, new HashSet<>(tuples(codes)).size());

        assertThrows(IllegalArgumentException.class,
                () -> CoarseToFineTokenizer.train(catalog, null, TokenizerConfig.defaults(1)));
        assertThrows(IllegalArgumentException.class,
                () -> CoarseToFineTokenizer.train(catalog, randomEmbeddings(49, 3), TokenizerConfig.defaults(1)));
    }

    @Test
    void codebookLargerThanTheCatalogueIsCappedAtTheItemCount() {
        ItemCatalog tiny = new ItemCatalog(CATALOG.items().subList(0, 10));
        ItemCodes codes = CoarseToFineTokenizer.train(tiny, null, new TokenizerConfig(
                List.of(TokenizerConfig.DESCRIPTION), 256, 1));
        assertTrue(codes.levelSizes()[0] <= 10);
        assertEquals(10, new HashSet<>(tuples(codes)).size());
    }

    @Test
    void rejectsUnknownOrRepeatedLevelsAndUnknownQuantizers() {
        assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(List.of("genre"), 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(List.of("title", "title"), 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(List.of("disambiguation"), 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new TokenizerConfig(List.of("title"), 8, "rq", 1));
    }

    private static List<List<Integer>> tuples(ItemCodes codes) {
        List<List<Integer>> tuples = new ArrayList<>();
        for (int[] tuple : codes.codes()) {
            tuples.add(Arrays.stream(tuple).boxed().toList());
        }
        return tuples;
    }
}
