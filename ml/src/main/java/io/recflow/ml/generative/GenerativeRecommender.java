package io.recflow.ml.generative;

import ai.djl.ndarray.NDManager;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link GenerativeModel} as a {@link Recommender}: recommendations by trie-constrained beam
 * search, candidate scores by teacher forcing; both are sequence log-probabilities, so an item gets
 * the same score from either. Users are processed by the size class of their history (each class
 * encoded at its own length, {@link TokenLayout#slotsFor}: a short history costs less, and no answer
 * depends on the other histories of a call), in chunks that bound memory. It reads the most recent
 * {@code historyLength} items of a history, backbone and gate alike, as training and evaluation did. Safe to share
 * between threads; valid while the model is open.
 */
public final class GenerativeRecommender implements Recommender {

    public static final int DEFAULT_BEAM = 20;

    /** Continuation rows (users x beams or candidates) per chunk. */
    private static final int ROWS_PER_CHUNK = 2048;

    private final GenerativeModel model;
    private final Function<int[][], float[][]> gateInputs;
    private final int beam;
    private final IncrementalDecoder decoder;
    private final BeamSearch search;
    private final CandidateScorer scorer;
    private final boolean leavesOutHistory;

    GenerativeRecommender(GenerativeModel model, Function<int[][], float[][]> gateInputs, int beam,
                          IncrementalDecoder decoder) {
        this(model, gateInputs, beam, decoder, false);
    }

    private GenerativeRecommender(GenerativeModel model, Function<int[][], float[][]> gateInputs, int beam,
                                  IncrementalDecoder decoder, boolean leavesOutHistory) {
        if (beam < 1) {
            throw new IllegalArgumentException("beam must be >= 1, was " + beam);
        }
        this.model = model;
        this.gateInputs = gateInputs;
        this.beam = beam;
        this.decoder = decoder;
        this.search = new BeamSearch(decoder, model.trie(), model.codes());
        this.scorer = new CandidateScorer(decoder, model.codes());
        this.leavesOutHistory = leavesOutHistory;
    }

    /**
     * This recommender, its rankings leaving out every item of the history (serving's; evaluation ranks them all, as
     * the papers do). The search closes the prefixes that lead only to seen items, so the beam stays as wide as
     * configured and k items come back however long the history.
     */
    public GenerativeRecommender leavingOutHistory() {
        return new GenerativeRecommender(model, gateInputs, beam, decoder, true);
    }

    @Override
    public boolean leavesOutHistory() {
        return leavesOutHistory;
    }

    public int beam() {
        return beam;
    }

    /**
     * The best {@code k} items per history. The beam is widened to {@code k} when k is larger, so
     * that k items come back (fewer only when the catalogue is smaller).
     */
    @Override
    public List<List<ScoredItem>> recommend(int[][] histories, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        int width = Math.max(beam, k);
        int chunk = Math.max(1, ROWS_PER_CHUNK / width);
        int[][] read = recent(histories);
        List<List<ScoredItem>> results = new ArrayList<>(Collections.nCopies(histories.length, null));
        for (int[] sizeClass : decoder.sizeClasses(read)) {
            for (int from = 0; from < sizeClass.length; from += chunk) {
                int[] users = Arrays.copyOfRange(sizeClass, from, Math.min(sizeClass.length, from + chunk));
                int[][] part = rows(read, users);
                try (GradMode.Scope paused = GradMode.paused(); NDManager manager = model.manager().newSubManager()) {
                    List<List<ScoredItem>> found = search.search(manager, part, representations(part), width, k,
                            leavesOutHistory ? rows(histories, users) : null);
                    for (int i = 0; i < users.length; i++) {
                        results.set(users[i], found.get(i));
                    }
                }
            }
        }
        return results;
    }

    /** Every k up to the beam searches the same beams (and returns a prefix of them); larger k widen it. */
    @Override
    public int batchKey(int k) {
        return Math.max(beam, k);
    }

    @Override
    public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
        if (histories.length != candidates.length) {
            throw new IllegalArgumentException(histories.length + " histories but " + candidates.length
                    + " candidate lists");
        }
        float[][] scores = new float[histories.length][];
        int[][] read = recent(histories);
        for (int[] users : decoder.sizeClasses(read)) {
            float[][] classScores = scoreInChunks(rows(read, users), rows(candidates, users));
            for (int i = 0; i < users.length; i++) {
                scores[users[i]] = classScores[i];
            }
        }
        return scores;
    }

    /** Candidate scores of histories of one size class, as many users per call as the row budget allows. */
    private float[][] scoreInChunks(int[][] histories, int[][] candidates) {
        float[][] scores = new float[histories.length][];
        int from = 0;
        while (from < histories.length) {
            // Grow the chunk while its users' candidates fit the row budget (always at least one user).
            int to = from;
            int widest = 0;
            while (to < histories.length
                    && (to == from || (long) (to - from + 1) * Math.max(widest, candidates[to].length) <= ROWS_PER_CHUNK)) {
                widest = Math.max(widest, candidates[to].length);
                to++;
            }
            int[][] part = Arrays.copyOfRange(histories, from, to);
            try (GradMode.Scope paused = GradMode.paused(); NDManager manager = model.manager().newSubManager()) {
                float[][] partScores = scorer.score(manager, part, representations(part),
                        Arrays.copyOfRange(candidates, from, to));
                System.arraycopy(partScores, 0, scores, from, partScores.length);
            }
            from = to;
        }
        return scores;
    }

    /** The most recent {@code historyLength} items of each history. */
    private int[][] recent(int[][] histories) {
        int length = model.config().historyLength();
        return Arrays.stream(histories).map(h -> Example.mostRecent(h, length)).toArray(int[][]::new);
    }

    private static int[][] rows(int[][] all, int[] indexes) {
        return Arrays.stream(indexes).mapToObj(i -> all[i]).toArray(int[][]::new);
    }

    private float[][] representations(int[][] histories) {
        return gateInputs == null ? null : model.checkedGateInputs(gateInputs, histories, ProgressListener.NO_OP);
    }
}
