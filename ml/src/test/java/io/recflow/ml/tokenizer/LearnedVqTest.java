package io.recflow.ml.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearnedVqTest {

    private static final int ITEMS = 400;
    /** Fewer steps than the default: enough for blobs, and the suite stays fast. */
    private static final LearnedVq.Settings QUICK = new LearnedVq.Settings(64, 16, 120, 64, 1e-3, 0.25f, 20);

    /**
     * Item i belongs to blob i % blobs: Gaussian blobs of spread 0.3 around centres drawn from N(0, 3²),
     * so that the blobs are well apart, in {@code width} dimensions.
     */
    private static float[][] blobs(int blobs, int width, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[blobs][width];
        for (float[] centre : centres) {
            for (int d = 0; d < width; d++) {
                centre[d] = (float) (random.nextGaussian() * 3);
            }
        }
        float[][] points = new float[ITEMS][width];
        for (int p = 0; p < ITEMS; p++) {
            for (int d = 0; d < width; d++) {
                points[p][d] = centres[p % blobs][d] + (float) (random.nextGaussian() * 0.3);
            }
        }
        return points;
    }

    /** Two levels of different widths and cluster counts, as text and collaborative levels would be. */
    private static final List<float[][]> LEVELS = List.of(blobs(8, 16, 1), blobs(5, 48, 2));

    @Test
    void everyItemGetsACodeInRangeAtEveryLevel() {
        LearnedVq.Result result = LearnedVq.fit(LEVELS, 8, 7, QUICK);
        assertEquals(2, result.codes().size());
        for (int[] level : result.codes()) {
            assertEquals(ITEMS, level.length);
            for (int code : level) {
                assertTrue(code >= 0 && code < 8, "code " + code);
            }
        }
    }

    @Test
    void sameSeedSameCodes() {
        LearnedVq.Result a = LearnedVq.fit(LEVELS, 8, 7, QUICK);
        LearnedVq.Result b = LearnedVq.fit(LEVELS, 8, 7, QUICK);
        for (int l = 0; l < LEVELS.size(); l++) {
            assertArrayEquals(a.codes().get(l), b.codes().get(l), "level " + l);
        }
        assertArrayEquals(a.losses(), b.losses());
    }

    @Test
    void theLossFallsAndStaysFinite() {
        float[] losses = LearnedVq.fit(LEVELS, 8, 7, QUICK).losses();
        assertEquals(18 * 7, losses.length, "whole epochs: 400 items in batches of 64 are 7 steps, 120 steps take 18");
        for (float loss : losses) {
            assertTrue(Float.isFinite(loss), "loss " + loss);
        }
        double lastTen = 0;
        for (int s = losses.length - 10; s < losses.length; s++) {
            lastTen += losses[s] / 10;
        }
        // The first step's loss is nearly all reconstruction: the codebooks start at the latents' k-means centroids.
        assertTrue(lastTen < 0.75 * losses[0], "first loss " + losses[0] + ", last ten " + lastTen);
    }

    @Test
    void codesSeparateClearClusters() {
        LearnedVq.Result result = LearnedVq.fit(LEVELS, 8, 7, QUICK);
        assertTrue(purity(result.codes().get(0), 8) > 0.9, "level 0");
        assertTrue(purity(result.codes().get(1), 5) > 0.9, "level 1");
    }

    @Test
    void restartsKeepTheCodebookInUseBeyondOneCodePerCluster() {
        // Without restarts the 8 blobs of level 0 end up with exactly 8 of the 32 codes (seeds 7, 8, 9);
        // with them, 11 to 18 here, and 249 to 256 of 256 for 1,682 items over the default 300 steps.
        int[] codes = LearnedVq.fit(LEVELS, 32, 7, QUICK).codes().get(0);
        assertTrue(IntStream.of(codes).distinct().count() > 8, IntStream.of(codes).distinct().count() + " codes used");
        assertTrue(purity(codes, 8) > 0.9);
    }

    /** Share of items whose code's most common blob is their own (item i is in blob i % blobs). */
    private static double purity(int[] codes, int blobs) {
        Map<Integer, Map<Integer, Integer>> blobsPerCode = new HashMap<>();
        for (int i = 0; i < codes.length; i++) {
            blobsPerCode.computeIfAbsent(codes[i], c -> new HashMap<>()).merge(i % blobs, 1, Integer::sum);
        }
        int majority = blobsPerCode.values().stream()
                .mapToInt(counts -> counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        return majority / (double) codes.length;
    }

    @Test
    void rejectsLevelsOfDifferentItems() {
        assertThrows(IllegalArgumentException.class,
                () -> LearnedVq.fit(List.of(new float[3][2], new float[4][2]), 2, 1, QUICK));
        assertThrows(IllegalArgumentException.class, () -> LearnedVq.fit(List.of(), 2, 1, QUICK));
    }
}
