package io.recflow.ml.generative;

import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inference encodes each history at the length of its size class, not the full history length: a model reading
 * 12 items (3 codes each) encodes 1 to 4 items in 5 slots, 5 to 8 in 8 and longer ones in 12.
 */
class HistorySizeClassesTest {

    private static final int ITEMS = 30;
    private static final int HISTORY = 12;
    private static final ItemCodes CODES = Fixtures.codes(ITEMS, 5);
    private static final List<Example> EXAMPLES = Fixtures.successors(ITEMS, HISTORY, 1);

    private static GenerativeModel model;
    private static GenerativeRecommender recommender;

    @BeforeAll
    static void train() {
        model = Fixtures.trainedMoeLora(CODES, new BackboneConfig(32, 2, 2, HISTORY, 2), EXAMPLES, 1);
        recommender = model.recommender(Fixtures::representations, 10);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void aHistoryGetsTheAnswerItGetsAloneWhateverSizesShareTheCall() {
        int[][] histories = IntStream.range(0, 39)
                .mapToObj(u -> tail(EXAMPLES.get((u * 11) % EXAMPLES.size()).history(), u % (HISTORY + 1)))
                .toArray(int[][]::new);
        int[][] candidates = IntStream.range(0, histories.length)
                .mapToObj(u -> new int[] {u % ITEMS, (u * 7 + 3) % ITEMS}).toArray(int[][]::new);
        List<List<ScoredItem>> together = recommender.recommend(histories, 10);
        float[][] scoredTogether = recommender.scoreCandidates(histories, candidates);
        for (int u = 0; u < histories.length; u++) {
            assertEquals(recommender.recommend(new int[][] {histories[u]}, 10).get(0), together.get(u),
                    "ranking of a history of " + histories[u].length);
            assertArrayEquals(recommender.scoreCandidates(new int[][] {histories[u]}, new int[][] {candidates[u]})[0],
                    scoredTogether[u], "scores of a history of " + histories[u].length);
        }
    }

    /** Less padding changes nothing but rounding: the training pass reads every history at the full length. */
    @Test
    void aShortEncodingScoresWhatTheFullLengthTrainingPassScores() {
        for (int length = 1; length <= HISTORY; length++) {
            Example example = EXAMPLES.get(length - 1); // item 0's history of that length
            assertEquals(length, example.history().length);
            float score = recommender.scoreCandidates(new int[][] {example.history()},
                    new int[][] {{example.target()}})[0][0];
            double loss = model.targetLoss(List.of(example), Fixtures::representations);
            assertEquals(-loss * CODES.levels(), score, 1e-4, "a history of " + length);
        }
    }

    private static int[] tail(int[] history, int items) {
        return Arrays.copyOfRange(history, Math.max(0, history.length - items), history.length);
    }
}
