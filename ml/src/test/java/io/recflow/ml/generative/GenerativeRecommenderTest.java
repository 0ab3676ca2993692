package io.recflow.ml.generative;

import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.recflow.ml.recommend.BatchPolicy;
import io.recflow.ml.recommend.BatchingRecommender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        model = Fixtures.trainedMoeLora(CODES, Fixtures.backbone(), EXAMPLES, 5);
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

    /** Serving's rankings leave the history out within the search: the rest ranked as exhaustively scored. */
    @Test
    void servingRankingsLeaveTheHistoryOut() {
        int[][] histories = histories();
        List<List<ScoredItem>> ranked = model.recommender(Fixtures::representations, ITEMS).leavingOutHistory()
                .recommend(histories, ITEMS);
        float[][] scores = recommender.scoreCandidates(histories, allItems(histories.length));
        for (int u = 0; u < histories.length; u++) {
            Set<Integer> seen = Arrays.stream(histories[u]).boxed().collect(Collectors.toSet());
            float[] own = scores[u];
            List<Integer> expected = IntStream.range(0, ITEMS).filter(i -> !seen.contains(i)).boxed()
                    .sorted((a, b) -> Float.compare(own[b], own[a])).toList();
            assertEquals(expected, ranked.get(u).stream().map(ScoredItem::item).toList(), "user " + u);
        }

        // Two thirds of the catalogue seen: a beam of 10 still finds the 10 left.
        int[] heavy = IntStream.range(0, 25).map(i -> i % 20).toArray();
        List<ScoredItem> rest = recommender.leavingOutHistory().recommend(new int[][]{heavy}, 10).get(0);
        assertEquals(Set.of(20, 21, 22, 23, 24, 25, 26, 27, 28, 29),
                rest.stream().map(ScoredItem::item).collect(Collectors.toSet()));
    }

    /** The model reads a history's most recent historyLength items, backbone and gate alike, as trained. */
    @Test
    void aLongHistoryIsReadAsItsMostRecentItems() {
        int[] longer = {7, 3, 11, 2, 9, 14, 5};
        int[] recent = Arrays.copyOfRange(longer, longer.length - Fixtures.backbone().historyLength(), longer.length);
        assertEquals(recommender.recommend(new int[][]{recent}, 10), recommender.recommend(new int[][]{longer}, 10));
        assertArrayEquals(recommender.scoreCandidates(new int[][]{recent}, new int[][]{{1, 2, 3}})[0],
                recommender.scoreCandidates(new int[][]{longer}, new int[][]{{1, 2, 3}})[0]);
    }

    private static int[][] allItems(int users) {
        int[][] everything = new int[users][];
        for (int u = 0; u < users; u++) {
            everything[u] = IntStream.range(0, ITEMS).toArray();
        }
        return everything;
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

    /**
     * Served through a batcher, concurrent callers (rankings of several k, scorings of ragged
     * candidate lists) share model calls and each gets, bit for bit, what the model answers it alone.
     */
    @Test
    void batchedCallersGetTheirOwnAnswersBitForBit() throws Exception {
        int[][] histories = histories();
        int[] ks = {1, 5, 10, 25};
        List<List<ScoredItem>> aloneRanked = new ArrayList<>();
        List<float[]> aloneScores = new ArrayList<>();
        for (int u = 0; u < histories.length; u++) {
            aloneRanked.add(recommender.recommend(new int[][] {histories[u]}, ks[u % ks.length]).get(0));
            aloneScores.add(recommender.scoreCandidates(new int[][] {histories[u]}, new int[][] {candidates(u)})[0]);
        }
        List<Integer> modelCalls = Collections.synchronizedList(new ArrayList<>());
        // Calls of up to 4 histories switch the batcher's thread to one PyTorch thread, larger ones back.
        try (BatchingRecommender batcher = new BatchingRecommender(recommender,
                new BatchPolicy(16, Duration.ofMillis(200), 4), "test", modelCalls::add)) {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int u = 0; u < histories.length; u++) {
                int user = u;
                calls.add(() -> batcher.recommend(new int[][] {histories[user]}, ks[user % ks.length]).get(0));
                calls.add(() -> batcher.scoreCandidates(new int[][] {histories[user]}, new int[][] {candidates(user)})[0]);
            }
            List<Object> answers = runTogether(calls);
            for (int u = 0; u < histories.length; u++) {
                assertEquals(aloneRanked.get(u), answers.get(2 * u), "ranking of user " + u);
                assertArrayEquals(aloneScores.get(u), (float[]) answers.get(2 * u + 1), "scores of user " + u);
            }
        }
        assertTrue(modelCalls.stream().anyMatch(rows -> rows > 1), "calls were batched: " + modelCalls);
        assertTrue(modelCalls.stream().allMatch(rows -> rows <= 16), "no model call over 16 rows: " + modelCalls);
    }

    @Test
    void aFailingCallInABatchFailsAlone() throws Exception {
        int[][] histories = histories();
        try (BatchingRecommender batcher = new BatchingRecommender(recommender,
                new BatchPolicy(64, Duration.ofMillis(200)), "test", null)) {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int u = 0; u < 6; u++) {
                int[] candidates = u == 3 ? new int[] {1, ITEMS + 5} : candidates(u);
                int[][] history = {histories[u]};
                calls.add(() -> {
                    try {
                        return batcher.scoreCandidates(history, new int[][] {candidates})[0];
                    } catch (IllegalArgumentException e) {
                        return e;
                    }
                });
            }
            List<Object> answers = runTogether(calls);
            for (int u = 0; u < 6; u++) {
                if (u == 3) {
                    assertTrue(answers.get(u) instanceof IllegalArgumentException e && e.getMessage().contains(
                            "candidate item index " + (ITEMS + 5)), String.valueOf(answers.get(u)));
                } else {
                    assertArrayEquals(recommender.scoreCandidates(new int[][] {histories[u]},
                            new int[][] {candidates(u)})[0], (float[]) answers.get(u), "user " + u);
                }
            }
        }
    }

    @Test
    void aClosedBatcherRefusesCalls() {
        BatchingRecommender batcher = new BatchingRecommender(recommender, new BatchPolicy(8, Duration.ZERO), "test", null);
        assertEquals(recommender.recommend(histories(), 3), batcher.recommend(histories(), 3));
        batcher.close();
        assertThrows(IllegalStateException.class, () -> batcher.recommend(histories(), 3));
    }

    /** 1 to 12 candidates, different for every user. */
    private static int[] candidates(int user) {
        return IntStream.range(0, 1 + user % 12).map(i -> (user * 7 + i * 3) % ITEMS).distinct().toArray();
    }

    /** Runs the calls on threads of their own, released at once; their answers in order. */
    private static List<Object> runTogether(List<Callable<Object>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Object> answers = new ArrayList<>();
            for (Future<Object> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
