package io.recflow.ml.encoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.encoder.EncoderFixtures.LossLog;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.GradMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.recflow.ml.encoder.EncoderFixtures.HISTORY;
import static io.recflow.ml.encoder.EncoderFixtures.ITEMS;
import static io.recflow.ml.encoder.EncoderFixtures.SPLIT;
import static io.recflow.ml.encoder.EncoderFixtures.assertBeatsPopularity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SasRecTest {

    private static final SasRecConfig CONFIG = new SasRecConfig(32, 2, 2, HISTORY, 6, 64, 3e-3, 5);
    private static final SasRecConfig QUICK = new SasRecConfig(16, 1, 2, 10, 1, 64, 3e-3, 8);
    private static final LossLog LOG = new LossLog(SasRec.KIND);

    private static SasRec model;

    @BeforeAll
    static void train() {
        model = SasRec.train(SPLIT.train(), ITEMS, CONFIG, LOG);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void lossStartsAtUniformAndDecreases() {
        LOG.assertStartsUniformAndDecreases(CONFIG.epochs());
    }

    @Test
    void beatsPopularityOnHeldOutLastItems() {
        assertBeatsPopularity(model);
    }

    @Test
    void sameSeedSameLossCurveOtherSeedDifferentCurve() {
        List<Double> first = lossCurve(QUICK);
        assertEquals(first, lossCurve(QUICK));
        assertNotEquals(first, lossCurve(new SasRecConfig(16, 1, 2, 10, 1, 64, 3e-3, 9)));
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(bytes);
        int[][] histories = Example.histories(SPLIT.test(HISTORY).subList(0, 50));
        try (SasRec loaded = SasRec.load(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(CONFIG, loaded.config());
            assertEquals(ITEMS, loaded.itemCount());
            assertArrayEquals(model.represent(histories), loaded.represent(histories));
            assertArrayEquals(model.itemEmbeddings(), loaded.itemEmbeddings());
            assertEquals(model.recommend(histories, 10), loaded.recommend(histories, 10));
        }
        assertThrows(IOException.class, () -> SasRec.load(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
    }

    @Test
    void scoresAreRepresentationDotItemEmbedding() {
        int[][] histories = {{3, 17, 40}, {5}, {}};
        float[][] representations = model.represent(histories);
        float[][] items = model.itemEmbeddings();
        assertEquals(3, representations.length);
        assertEquals(32, representations[0].length);
        assertEquals(ITEMS, items.length);

        float[][] scores = model.scoreCandidates(histories, new int[][] {{0, 7}, {119}, {1, 2, 3}});
        assertEquals(dot(representations[0], items[7]), scores[0][1], 1e-4);
        assertEquals(dot(representations[1], items[119]), scores[1][0], 1e-4);
        List<ScoredItem> top = model.recommend(histories, 5).get(0);
        assertEquals(5, top.size());
        for (int item = 0; item < ITEMS; item++) {
            assertTrue(dot(representations[0], items[item]) <= top.get(0).score() + 1e-4);
        }
    }

    @Test
    void readsOnlyTheLastMaxLengthItems() {
        int[] longHistory = new int[50];
        for (int i = 0; i < longHistory.length; i++) {
            longHistory[i] = i;
        }
        int[] tail = Arrays.copyOfRange(longHistory, 50 - HISTORY, 50);
        assertArrayEquals(model.represent(new int[][] {tail}), model.represent(new int[][] {longHistory}));
        assertThrows(IllegalArgumentException.class, () -> model.represent(new int[][] {{ITEMS}}));
    }

    @Test
    void aShortHistoryIsEncodedInItsSizeClassAndGetsTheSameBitsAloneAsInAnyBatch() {
        // Every length: up to 16 items share a 16-slot window, longer ones the full window of 20.
        int[][] histories = IntStream.rangeClosed(1, HISTORY)
                .mapToObj(n -> IntStream.range(0, n).map(i -> (7 * i + 3 * n) % ITEMS).toArray())
                .toArray(int[][]::new);
        float[][] together = model.represent(histories);
        float[][] fullWindow = fullWindowRepresentations(histories);
        for (int b = 0; b < histories.length; b++) {
            String what = "a history of " + histories[b].length + " items";
            assertArrayEquals(together[b], model.represent(new int[][] {histories[b]})[0], what + ", alone");
            // Padding is masked out: the window's length changes the rounding only.
            assertArrayEquals(fullWindow[b], together[b], 1e-5f, what + ", against the full window of training");
        }
    }

    /** The newest item's hidden state with every history left-padded to the full window, as training sees it. */
    private static float[][] fullWindowRepresentations(int[][] histories) {
        long[] ids = new long[histories.length * HISTORY];
        for (int b = 0; b < histories.length; b++) {
            for (int i = 0; i < histories[b].length; i++) {
                ids[b * HISTORY + HISTORY - histories[b].length + i] = histories[b][i] + 1L;
            }
        }
        try (NDManager manager = NDManager.newBaseManager(); GradMode.Scope paused = GradMode.paused()) {
            float[] flat = model.network.hidden(manager.create(ids, new Shape(histories.length, HISTORY)))
                    .get(":, -1, :").toFloatArray();
            int d = flat.length / histories.length;
            return IntStream.range(0, histories.length).mapToObj(b -> Arrays.copyOfRange(flat, b * d, (b + 1) * d))
                    .toArray(float[][]::new);
        }
    }

    @Test
    void servesFromSeveralThreadsWhileAnotherThreadTrains() throws Exception {
        int[][] histories = Example.histories(SPLIT.test(HISTORY));
        float[][] expected = model.represent(histories);
        List<Double> curveOnThisThread = lossCurve(QUICK);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // Gradient mode is per thread: a worker thread must train exactly as the engine's loading thread does.
            Future<List<Double>> training = pool.submit(() -> lossCurve(QUICK));
            List<Future<float[][]>> served = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                served.add(pool.submit(() -> model.represent(histories)));
            }
            for (Future<float[][]> representations : served) {
                assertArrayEquals(expected, representations.get());
            }
            assertEquals(curveOnThisThread, training.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Double> lossCurve(SasRecConfig config) {
        return EncoderFixtures.lossCurve((train, listener) -> SasRec.train(train, ITEMS, config, listener));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
