package io.recflow.ml.encoder;

import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import io.recflow.ml.metrics.RankingAccumulator;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.PopularityRecommender;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.split.LeaveOneOut;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SasRecTest {

    private static final int ITEMS = 120;
    private static final int HISTORY = 20;
    private static final LeaveOneOut SPLIT = LeaveOneOut.split(
            SyntheticDataset.generate(new SyntheticConfig(ITEMS, 600, 10, 30, 21)).dataset().sequences());
    private static final SasRecConfig CONFIG = new SasRecConfig(32, 2, 2, HISTORY, 6, 64, 3e-3, 5);

    private static SasRec model;
    private static final List<Double> losses = new ArrayList<>();
    private static final List<Integer> epochs = new ArrayList<>();

    @BeforeAll
    static void train() {
        model = SasRec.train(SPLIT.train(), ITEMS, CONFIG, (phase, epoch, total, step, steps, loss) -> {
            assertEquals("sasrec", phase);
            assertEquals(losses.size() + 1, step);
            losses.add(loss);
            epochs.add(epoch);
        });
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void lossStartsAtUniformAndDecreases() {
        assertEquals(Math.log(ITEMS), losses.get(0), 0.05, "an untrained model should be near uniform");
        double lastEpoch = meanOfEpoch(CONFIG.epochs());
        assertTrue(lastEpoch < 0.8 * meanOfEpoch(1), "epoch losses " + meanOfEpoch(1) + " -> " + lastEpoch);
        assertEquals(CONFIG.epochs(), epochs.get(epochs.size() - 1));
    }

    @Test
    void beatsPopularityOnHeldOutLastItems() {
        List<Example> test = SPLIT.test(HISTORY);
        double sasrec = ndcgAt10(model, test);
        double popularity = ndcgAt10(PopularityRecommender.fit(SPLIT.train(), ITEMS), test);
        assertTrue(sasrec > 2 * popularity && sasrec > popularity + 0.05,
                "NDCG@10 SASRec " + sasrec + " vs popularity " + popularity);
    }

    @Test
    void sameSeedSameLossCurveOtherSeedDifferentCurve() {
        SasRecConfig quick = new SasRecConfig(16, 1, 2, 10, 1, 64, 3e-3, 8);
        List<Double> first = lossCurve(quick);
        assertEquals(first, lossCurve(quick));
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
    void servesFromSeveralThreadsWhileAnotherThreadTrains() throws Exception {
        int[][] histories = Example.histories(SPLIT.test(HISTORY));
        float[][] expected = model.represent(histories);
        SasRecConfig quick = new SasRecConfig(16, 1, 2, 10, 1, 64, 3e-3, 8);
        List<Double> curveOnThisThread = lossCurve(quick);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // Gradient mode is per thread: a worker thread must train exactly as the engine's loading thread does.
            Future<List<Double>> training = pool.submit(() -> lossCurve(quick));
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
        List<Double> curve = new ArrayList<>();
        ProgressListener record = (phase, epoch, total, step, steps, loss) -> curve.add(loss);
        try (SasRec ignored = SasRec.train(SPLIT.train().subList(0, 200), ITEMS, config, record)) {
            return curve;
        }
    }

    private static double meanOfEpoch(int epoch) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < losses.size(); i++) {
            if (epochs.get(i) == epoch) {
                sum += losses.get(i);
                count++;
            }
        }
        return sum / count;
    }

    private static double ndcgAt10(Recommender recommender, List<Example> examples) {
        RankingAccumulator accumulator = new RankingAccumulator(10);
        accumulator.addAll(examples.stream().map(Example::user).toList(),
                recommender.recommend(Example.histories(examples), 10), Example.targets(examples));
        return accumulator.mean(RankingAccumulator.ndcgName(10));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
