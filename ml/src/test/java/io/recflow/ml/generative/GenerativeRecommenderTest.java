package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beam search and candidate scoring of a briefly trained MoE-LoRA model (gates differ per user). */
class GenerativeRecommenderTest {

    private static final int ITEMS = 30;
    private static final ItemCodes CODES = Fixtures.codes(ITEMS, 5);
    private static final List<Example> EXAMPLES = Fixtures.successors(ITEMS, 4, 1);

    private static GenerativeModel model;
    private static GenerativeRecommender recommender;

    @BeforeAll
    static void train() {
        model = GenerativeModel.create(CODES, Fixtures.backbone(), 1, Device.cpu());
        TrainConfig config = new TrainConfig(5, 16, 3e-3, 0.05, 7, 1000);
        model.pretrain(EXAMPLES, config, null, TrainingHooks.NONE);
        model.fineTune(EXAMPLES, GenerativeModelTest.moeLora(), Fixtures::representations, config, null,
                TrainingHooks.NONE);
        recommender = model.recommender(Fixtures::representations, 10);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[][] histories() {
        int[][] histories = Fixtures.histories(EXAMPLES.subList(0, 40));
        histories[3] = new int[0]; // a user without history
        return histories;
    }

    @Test
    void recommendsDistinctRealItemsBestFirst() {
        List<List<ScoredItem>> results = recommender.recommend(histories(), 10);
        assertEquals(40, results.size());
        for (List<ScoredItem> ranked : results) {
            assertEquals(10, ranked.size());
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < ranked.size(); i++) {
                int item = ranked.get(i).item();
                assertTrue(item >= 0 && item < ITEMS, "not an item: " + item);
                assertTrue(seen.add(item), "duplicate " + item);
                assertTrue(ranked.get(i).score() <= 0);
                if (i > 0) {
                    assertTrue(ranked.get(i).score() <= ranked.get(i - 1).score(), "not sorted");
                }
            }
        }
    }

    @Test
    void beamScoresAreTheCandidateScores() {
        int[][] histories = histories();
        List<List<ScoredItem>> results = recommender.recommend(histories, 10);
        int[][] candidates = results.stream().map(r -> r.stream().mapToInt(ScoredItem::item).toArray())
                .toArray(int[][]::new);
        float[][] scores = recommender.scoreCandidates(histories, candidates);
        for (int u = 0; u < histories.length; u++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(results.get(u).get(i).score(), scores[u][i], 1e-4, "user " + u + " rank " + i);
            }
        }
    }

    @Test
    void anExhaustiveBeamFindsTheBestScoringItem() {
        int[][] histories = histories();
        int[][] everything = new int[histories.length][];
        for (int u = 0; u < histories.length; u++) {
            everything[u] = IntStream.range(0, ITEMS).toArray();
        }
        float[][] scores = recommender.scoreCandidates(histories, everything);
        List<List<ScoredItem>> results = model.recommender(Fixtures::representations, ITEMS).recommend(histories, ITEMS);
        for (int u = 0; u < histories.length; u++) {
            int best = 0;
            double mass = 0;
            for (int item = 0; item < ITEMS; item++) {
                best = scores[u][item] > scores[u][best] ? item : best;
                mass += Math.exp(scores[u][item]);
            }
            assertEquals(best, results.get(u).get(0).item(), "user " + u);
            assertEquals(ITEMS, results.get(u).size());
            assertTrue(mass <= 1 + 1e-4, "item probabilities sum to at most 1: " + mass);
        }
    }

    /** Cached, batched teacher forcing computes what the training pass computes on the full sequence. */
    @Test
    void candidateScoresMatchTheTrainingLoss() {
        List<Example> examples = EXAMPLES.subList(20, 32);
        int[][] candidates = new int[examples.size()][];
        for (int i = 0; i < examples.size(); i++) {
            candidates[i] = new int[] {(i * 7) % ITEMS, examples.get(i).target()};
        }
        float[][] scores = recommender.scoreCandidates(Fixtures.histories(examples), candidates);
        for (int i = 0; i < examples.size(); i++) {
            double loss = model.targetLoss(List.of(examples.get(i)), Fixtures::representations);
            assertEquals(-loss * CODES.levels(), scores[i][1], 1e-4, "example " + i);
        }
    }

    @Test
    void servesFromOtherThreadsWithTheSameResults() throws InterruptedException {
        List<List<ScoredItem>> expected = recommender.recommend(histories(), 10);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread request = new Thread(() -> {
            try {
                outcome.set(recommender.recommend(histories(), 10));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        request.start();
        request.join();
        assertEquals(expected, outcome.get());
    }

    @Test
    void widensTheBeamWhenMoreItemsAreAsked() {
        List<List<ScoredItem>> results = recommender.recommend(histories(), 25);
        assertTrue(results.stream().allMatch(r -> r.size() == 25));
    }

    @Test
    void handlesRaggedCandidateListsAndRejectsUnknownItems() {
        float[][] scores = recommender.scoreCandidates(new int[][] {{1, 2}, {5}, {}},
                new int[][] {{3}, {6, 7, 8}, {}});
        assertEquals(1, scores[0].length);
        assertEquals(3, scores[1].length);
        assertEquals(0, scores[2].length);
        assertThrows(IllegalArgumentException.class,
                () -> recommender.scoreCandidates(new int[][] {{1}}, new int[][] {{ITEMS}}));
        assertThrows(IllegalArgumentException.class, () -> recommender.recommend(new int[][] {{-1}}, 5));
    }
}
