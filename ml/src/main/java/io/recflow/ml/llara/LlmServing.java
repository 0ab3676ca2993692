package io.recflow.ml.llara;

import io.recflow.ml.llm.TokenTrie;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A language model answering recommendation requests (a {@link Recommender} for serving). Given
 * candidates, each scores the log-probability of its title after LLaRA's prompt listing them (the
 * protocol's likelihood ranking), or {@link #choose} gives LLaRA's generated choice. Without
 * candidates, the whole catalogue is decoded by beam search constrained to its titles, after a
 * prompt listing none, so every answer is a real item.
 *
 * <p>It reads the most recent {@code historyLength} items of a history, as fine-tuning and evaluation did, so
 * that a request gets the answer the evaluation report measured for such a user; catalogue ranking still leaves out
 * every item of the history.
 *
 * <p>Candidates are listed in an order drawn from the history and the candidate set alone: training
 * listed the target at a random place, so the order a caller sends them in must not bias the answer,
 * and the same request gets the same answer.
 *
 * <p>Thread-safe, one call at a time, in arrival order: every forward pass already spreads over all of
 * PyTorch's threads, so calls running side by side only take cores from each other (each calling thread
 * gets its own set of native threads) and all of them finish later.
 */
public final class LlmServing implements Recommender {

    /**
     * What the model generated for a request's candidates, the one candidate it names (-1: none or
     * several) and that candidate's title log-probability as likelihood ranking scores it (NaN for none).
     */
    public record Choice(String answer, int item, double logProbability) {
    }

    private final LlaraScorer scorer;
    private final TokenTrie titles;
    private final int longestTitle;
    private final int beams;
    private final int historyLength;
    private final ReentrantLock turn = new ReentrantLock(true);
    /**
     * The most titles one catalogue decoding keeps: each beam holds its own copy of the prompt's KV cache (SmolLM2:
     * ~46 KB a token, ~14 MB for a 300-token prompt).
     */
    public static final int MAX_BEAMS = 128;

    LlmServing(LlmRecommender model, LlaraScorer scorer, int beams, int historyLength) {
        if (beams < 1) {
            throw new IllegalArgumentException("beams must be >= 1, was " + beams);
        }
        if (historyLength < 1) {
            throw new IllegalArgumentException("historyLength must be >= 1, was " + historyLength);
        }
        this.historyLength = historyLength;
        int[][] targets = IntStream.range(0, model.prompts().items()).mapToObj(model.prompts()::target)
                .toArray(int[][]::new);
        this.scorer = scorer;
        this.titles = TokenTrie.of(targets);
        this.longestTitle = Arrays.stream(targets).mapToInt(t -> t.length).max().orElse(0);
        this.beams = beams;
    }

    /**
     * The top k of the catalogue but the history's items (at most {@value #MAX_BEAMS}), decoded with max(k, beams)
     * beams; scores are the titles' log-probabilities.
     */
    @Override
    public List<List<ScoredItem>> recommend(int[][] histories, int k) {
        return inTurn(() -> decode(histories, k));
    }

    /**
     * The search skips the history's items, so that a caller asking for k unseen items needs no wider beam (each
     * beam a copy of the prompt's cache) and gets k even when the model would rather repeat the history.
     */
    @Override
    public boolean leavesOutHistory() {
        return true;
    }

    private List<List<ScoredItem>> decode(int[][] histories, int k) {
        List<List<ScoredItem>> out = new ArrayList<>(histories.length);
        for (int[] history : histories) {
            Set<Integer> seen = Arrays.stream(history).boxed().collect(Collectors.toSet());
            out.add(scorer.decode(recent(history), seen::contains, titles, longestTitle,
                            Math.min(Math.max(k, beams), MAX_BEAMS))
                    .stream()
                    .limit(k)
                    .map(m -> new ScoredItem(m.value(), m.logProbability()))
                    .toList());
        }
        return out;
    }

    /** Each candidate's title log-probability after the prompt listing them all, in the order given. */
    @Override
    public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        return inTurn(() -> likelihoods(histories, candidates));
    }

    private float[][] likelihoods(int[][] histories, int[][] candidates) {
        float[][] scores = new float[histories.length][];
        for (int b = 0; b < histories.length; b++) {
            int[] history = recent(histories[b]);
            int[] shown = CandidateOrder.of(history, candidates[b]);
            double[] logProbabilities = scorer.likelihoods(history, shown).logProbabilities();
            Map<Integer, Float> byItem = new HashMap<>();
            for (int i = 0; i < shown.length; i++) {
                byItem.put(shown[i], (float) logProbabilities[i]);
            }
            scores[b] = new float[candidates[b].length];
            for (int c = 0; c < scores[b].length; c++) {
                scores[b][c] = byItem.get(candidates[b][c]);
            }
        }
        return scores;
    }

    /** LLaRA's generated answer to the prompt listing {@code candidates}, and the candidate it names. */
    public Choice choose(int[] history, int[] candidates) {
        return inTurn(() -> generate(recent(history), candidates));
    }

    private int[] recent(int[] history) {
        return Example.mostRecent(history, historyLength);
    }

    private Choice generate(int[] history, int[] candidates) {
        int[] shown = CandidateOrder.of(history, candidates);
        String answer = scorer.firstLines(new int[][]{history}, new int[][]{shown}).get(0).text();
        int named = scorer.chosen(answer, shown);
        if (named < 0) {
            return new Choice(answer, named, Double.NaN);
        }
        double[] logProbabilities = scorer.likelihoods(history, shown).logProbabilities();
        return new Choice(answer, named, logProbabilities[IntStream.range(0, shown.length)
                .filter(i -> shown[i] == named).findFirst().orElseThrow()]);
    }

    private <T> T inTurn(Supplier<T> call) {
        turn.lock();
        try {
            return call.get();
        } finally {
            turn.unlock();
        }
    }
}
