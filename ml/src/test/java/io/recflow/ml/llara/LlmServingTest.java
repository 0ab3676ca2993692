package io.recflow.ml.llara;

import io.recflow.ml.llm.ContinuationScorer;
import io.recflow.ml.recommend.ScoredItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmServingTest {

    private static final int[] HISTORY = {0, 3, 6, 9};
    private static final int ITEMS = LlaraFixtures.TITLES.size();

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeBase() throws IOException {
        LlaraFixtures.base(dir, 7);
    }

    private static LlmRecommender open() throws IOException {
        return LlaraFixtures.open(dir);
    }

    private static LlmRecommender fineTuned() throws IOException {
        return LlaraFixtures.fineTuned(dir, LlaraFixtures.moeLora(), 1);
    }

    /**
     * With a beam per item the decoding is exhaustive: every item but the history's, scored as its title after the
     * open prompt.
     */
    @Test
    void decodesTheWholeCatalogueOverItsTitles() throws IOException {
        try (LlmRecommender zeroShot = open()) {
            List<ScoredItem> ranked = zeroShot.serving(null, ITEMS, HISTORY.length).recommend(new int[][]{HISTORY}, ITEMS).get(0);
            assertEquals(ITEMS - HISTORY.length, ranked.stream().mapToInt(ScoredItem::item).distinct().count());
            assertTrue(ranked.stream().noneMatch(s -> Arrays.stream(HISTORY).anyMatch(h -> h == s.item())),
                    "the history's items are left out");
            LlaraPrompt prompt = zeroShot.prompts().buildOpen(HISTORY, false, 400);
            String text = zeroShot.tokenizer().decode(prompt.ids());
            assertTrue(text.endsWith("Ikiru. Answer:"), "no candidates listed: " + text);
            int[][] titles = IntStream.range(0, ITEMS).mapToObj(zeroShot.prompts()::target).toArray(int[][]::new);
            double[] expected = new ContinuationScorer(zeroShot.llama()).logProbabilities(prompt.ids(), titles);
            for (int i = 0; i < ranked.size(); i++) {
                assertEquals(expected[ranked.get(i).item()], ranked.get(i).score(), 1e-4);
                if (i > 0) {
                    assertTrue(ranked.get(i - 1).score() >= ranked.get(i).score());
                }
            }
        }
    }

    @Test
    void aFineTunedModelDecodesFromTheHybridPromptWithItsGate() throws IOException {
        try (LlmRecommender model = fineTuned(); LlmRecommender zeroShot = open()) {
            List<ScoredItem> tuned = model.serving(LlaraFixtures.signals(), 4, HISTORY.length).recommend(new int[][]{HISTORY}, 3).get(0);
            List<ScoredItem> base = zeroShot.serving(null, 4, HISTORY.length).recommend(new int[][]{HISTORY}, 3).get(0);
            assertEquals(3, tuned.stream().mapToInt(ScoredItem::item).distinct().count());
            assertTrue(tuned.stream().allMatch(s -> s.item() >= 0 && s.item() < ITEMS && s.score() < 0));
            assertNotEquals(base, tuned, "the adapters, projector and gate change the answer");
        }
    }

    /** Scores belong to items, not to where the caller put them: the prompt's order comes from the request's content. */
    @Test
    void candidateScoresDoNotDependOnTheOrderGiven() throws IOException {
        try (LlmRecommender model = fineTuned()) {
            LlmServing serving = model.serving(LlaraFixtures.signals(), 4, HISTORY.length);
            int[] candidates = {4, 11, 2, 7};
            float[] scores = serving.scoreCandidates(new int[][]{HISTORY}, new int[][]{candidates})[0];
            float[] again = serving.scoreCandidates(new int[][]{HISTORY}, new int[][]{candidates})[0];
            assertArrayEquals(scores, again, "the same request, the same answer");
            for (float s : scores) {
                assertTrue(s < 0 && Float.isFinite(s));
            }
            int[] reversed = {7, 2, 11, 4};
            float[] reversedScores = serving.scoreCandidates(new int[][]{HISTORY}, new int[][]{reversed})[0];
            assertEquals(scores[0], reversedScores[3], 1e-4);
            assertEquals(scores[1], reversedScores[2], 1e-4);
        }
    }

    /**
     * Serving reads the history's most recent items, as many as fine-tuning and evaluation did, so that a request
     * gets what the report measured; catalogue ranking still leaves out all of it.
     */
    @Test
    void readsAsManyRecentItemsAsTrainingDid() throws IOException {
        try (LlmRecommender model = fineTuned()) {
            int[] recent = Arrays.copyOfRange(HISTORY, HISTORY.length - 2, HISTORY.length);
            LlmServing twoItems = model.serving(LlaraFixtures.signals(), 4, 2);
            LlmServing whole = model.serving(LlaraFixtures.signals(), 4, HISTORY.length);
            int[][] candidates = {{4, 11, 2, 7}};
            assertArrayEquals(whole.scoreCandidates(new int[][]{recent}, candidates)[0],
                    twoItems.scoreCandidates(new int[][]{HISTORY}, candidates)[0]);
            assertNotEquals(Arrays.toString(whole.scoreCandidates(new int[][]{HISTORY}, candidates)[0]),
                    Arrays.toString(twoItems.scoreCandidates(new int[][]{HISTORY}, candidates)[0]));
            List<ScoredItem> ranked = twoItems.recommend(new int[][]{HISTORY}, ITEMS).get(0);
            assertEquals(ITEMS - HISTORY.length, ranked.size());
            assertTrue(ranked.stream().noneMatch(s -> Arrays.stream(HISTORY).anyMatch(h -> h == s.item())));
        }
    }

    @Test
    void choosesByLlarasRule() throws IOException {
        try (LlmRecommender model = fineTuned()) {
            int[] candidates = {4, 11, 2, 7};
            LlmServing.Choice choice = model.serving(LlaraFixtures.signals(), 4, HISTORY.length).choose(HISTORY, candidates);
            assertEquals(choice.answer(), choice.answer().toLowerCase(Locale.ROOT));
            assertFalse(choice.answer().contains("\n"));
            if (choice.item() >= 0) {
                assertTrue(IntStream.of(candidates).anyMatch(c -> c == choice.item()));
                assertTrue(choice.answer().contains(LlaraFixtures.TITLES.get(choice.item()).toLowerCase(Locale.ROOT)));
                float[] scores = model.serving(LlaraFixtures.signals(), 4, HISTORY.length).scoreCandidates(new int[][]{HISTORY},
                        new int[][]{candidates})[0];
                int at = IntStream.range(0, candidates.length).filter(i -> candidates[i] == choice.item()).findFirst()
                        .orElseThrow();
                assertEquals(scores[at], choice.logProbability(), 1e-4);
            } else {
                assertTrue(Double.isNaN(choice.logProbability()));
            }
            assertEquals(model.scorer(LlaraFixtures.signals()).chosen(choice.answer(), candidates), choice.item());
        }
    }

    /** Serving takes the title that is the whole answer, where LLaRA's rule sees two titles in "ran 2". */
    @Test
    void servingTakesTheCandidateWhoseTitleIsTheWholeAnswer() throws IOException {
        try (LlmRecommender zeroShot = open()) {
            LlaraScorer scorer = zeroShot.scorer(null);
            int[] shown = {7, 15, 4}; // "Ran", "Ran 2", "Heat"
            assertEquals(-1, scorer.named("ran 2", shown));
            assertEquals(15, scorer.chosen("ran 2", shown));
            assertEquals(7, scorer.chosen("ran", shown));
            assertEquals(-1, scorer.chosen("ran 2 or heat", shown), "no whole title, and several by LLaRA's rule");
            assertEquals(4, scorer.chosen("i'd say heat", shown));
        }
    }
}
