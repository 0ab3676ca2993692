package io.recflow.ml.llara;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The order a prompt lists its candidates in: the distinct candidates shuffled by a seed from the history
 * and the candidate set alone. A language model reads the list in order, so its answer depends on it: the
 * same history and candidates are listed alike by the evaluation and by serving (what the report measured is
 * what serving answers), and alike for every model scored on them.
 */
final class CandidateOrder {

    private CandidateOrder() {
    }

    /** {@code candidates}, distinct, in the order a prompt after {@code history} (oldest first) lists them. */
    static int[] of(int[] history, int[] candidates) {
        int[] set = IntStream.of(candidates).distinct().sorted().toArray();
        return LlmRecommender.shuffled(set, new Random(31L * Arrays.hashCode(history) + Arrays.hashCode(set)));
    }
}
