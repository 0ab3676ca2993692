package io.recflow.ml.evaluation;

import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatesProtocolTest {

    private static final int ITEMS = 4096;
    private static final int USERS = 1000;

    /** Scores every candidate with one value: what a model whose outputs overflowed to NaN looks like. */
    private record Constant(float score) implements Recommender {
        @Override
        public List<List<ScoredItem>> recommend(int[][] histories, int k) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
            float[][] scores = new float[candidates.length][];
            for (int b = 0; b < candidates.length; b++) {
                scores[b] = new float[candidates[b].length];
                Arrays.fill(scores[b], score);
            }
            return scores;
        }
    }

    private static List<Example> users() {
        List<Example> test = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            test.add(new Example("u" + u, new int[] {u % ITEMS}, (u * 7 + 1) % ITEMS));
        }
        return test;
    }

    private static List<Set<Integer>> seen(List<Example> test) {
        return test.stream().map(e -> (Set<Integer>) new HashSet<>(List.of(e.history()[0]))).toList();
    }

    @Test
    void aModelThatScoresNaNHitsNothing() {
        List<Example> test = users().subList(0, 50);
        ProtocolResult nan = new CandidatesProtocol(20, 5, 42).evaluate(new Constant(Float.NaN), test, seen(test),
                ITEMS, ProgressListener.NO_OP);
        assertEquals(0.0, nan.metrics().get("HR@1"));
        ProtocolResult constant = new CandidatesProtocol(20, 5, 42).evaluate(new Constant(1f), test, seen(test),
                ITEMS, ProgressListener.NO_OP);
        assertEquals(0.0, constant.metrics().get("HR@1"), "a tie is no hit either");
    }

    /**
     * Neighbouring users' draws are independent: with seeds that differ by one, java.util.Random's first value
     * barely moves, and the first negative of 1,000 users fell in a band of 370 of 4,096 items.
     */
    @Test
    void theFirstNegativeOfNeighbouringUsersIsSpreadOverTheCatalogue() {
        List<Example> test = users();
        int[][] candidates = new CandidatesProtocol(20, 1, 42).candidates(test, seen(test), ITEMS, 0);
        Set<Integer> first = new HashSet<>();
        int min = ITEMS;
        int max = 0;
        for (int[] c : candidates) {
            first.add(c[1]);
            min = Math.min(min, c[1]);
            max = Math.max(max, c[1]);
        }
        // 1,000 uniform draws from 4,096 items give about 890 distinct values.
        assertTrue(first.size() > 800, first.size() + " distinct first negatives");
        assertTrue(min < 200 && max > ITEMS - 200, "first negatives span " + min + ".." + max);
    }
}
