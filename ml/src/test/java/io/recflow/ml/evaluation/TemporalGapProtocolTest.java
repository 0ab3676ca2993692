package io.recflow.ml.evaluation;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.split.Example;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalGapProtocolTest {

    private static final int ITEMS = 300;
    private static final int LAPSE = 5;
    private static final int POPULAR = 1;   // 2000 training interactions
    private static final int RARE = 2;      // 1 training interaction
    private static final int GAP_ONLY = 3;  // only ever inside evaluated users' gaps: never in training

    private static UserSequence user(String id, int... items) {
        long[] times = new long[items.length];
        for (int t = 0; t < items.length; t++) {
            times[t] = 1000L + t;
        }
        return new UserSequence(id, items, times);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    // ---------------------------------------------------------------- split

    @Test
    void splitsOnAHandMadeSequence() {
        TemporalGapProtocol.Split split = TemporalGapProtocol.split(List.of(
                user("a", range(0, 10)),           // 10 events, lapse 3: evaluated
                user("b", 20, 21, 22, 23),         // 4 < lapse + 2: training only, whole sequence
                user("c", 30, 31, 32, 33, 34)), 3); // exactly lapse + 2: evaluated, 2-event prefix

        assertEquals(List.of(user("a", 0, 1, 2, 3, 4, 5, 6), user("b", 20, 21, 22, 23), user("c", 30, 31)),
                split.train());
        assertEquals(List.of(new Example("a", range(0, 7), 7), new Example("c", new int[] {30, 31}, 32)),
                split.inDistribution());
        // ood history = everything but the final event, gap included (as CaseQ's evaluate on the un-lapsed data)
        assertEquals(List.of(new Example("a", range(0, 9), 9), new Example("c", new int[] {30, 31, 32, 33}, 34)),
                split.outOfDistribution());
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), split.seen().get(0));
        assertEquals(Set.of(30, 31, 32, 33, 34), split.seen().get(1));
        assertArrayEquals(new long[] {1000, 1001}, split.train().get(2).timestamps());
        assertEquals(3, split.lapse());

        // the gap between the id and the ood target never reaches training
        assertFalse(Arrays.stream(split.train().get(0).items()).anyMatch(i -> i >= 7));

        TemporalGapProtocol.Split cut = split.truncated(2);
        assertEquals(new Example("a", new int[] {5, 6}, 7), cut.inDistribution().get(0));
        assertEquals(new Example("a", new int[] {7, 8}, 9), cut.outOfDistribution().get(0));
        assertEquals(split.seen(), cut.seen());

        assertThrows(IllegalArgumentException.class, () -> TemporalGapProtocol.split(List.of(user("a", 1, 2, 3)), 1));
        assertEquals(32, TemporalGapProtocol.minEvaluatedLength(30));
    }

    // ---------------------------------------------------------------- fixtures

    /**
     * 400 short (training-only) users that make item {@link #POPULAR} very popular and item
     * {@link #RARE} rare, and 300 evaluated users over items 100..299 whose gaps hold {@link #GAP_ONLY}.
     */
    private static TemporalGapProtocol.Split dataset() {
        Random random = new Random(7);
        List<UserSequence> users = new ArrayList<>();
        for (int u = 0; u < 400; u++) {
            int[] items = {POPULAR, POPULAR, POPULAR, POPULAR, POPULAR, 10 + random.nextInt(90)};
            if (u == 0) {
                items[5] = RARE;
            }
            users.add(user("s" + u, items));
        }
        for (int u = 0; u < 300; u++) {
            int[] items = new int[LAPSE + 4];
            for (int t = 0; t < items.length; t++) {
                items[t] = 100 + random.nextInt(200);
            }
            items[items.length - 3] = GAP_ONLY; // inside the gap: after the id target, before the final event
            users.add(user("e" + u, items));
        }
        return TemporalGapProtocol.split(users, LAPSE);
    }

    /** Scores with {@code scorer}, recording every candidate batch it was asked about. */
    private static final class Recording implements Recommender {
        final List<int[]> seen = new ArrayList<>();
        final BiFunction<int[], int[], float[]> scorer;

        Recording(BiFunction<int[], int[], float[]> scorer) {
            this.scorer = scorer;
        }

        @Override
        public List<List<ScoredItem>> recommend(int[][] histories, int k) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] scoreCandidates(int[][] histories, int[][] candidates) {
            float[][] scores = new float[histories.length][];
            for (int b = 0; b < histories.length; b++) {
                seen.add(candidates[b].clone());
                scores[b] = scorer.apply(histories[b], candidates[b]);
            }
            return scores;
        }
    }

    /** An oracle that knows every example's target from its history (id and ood histories differ in length). */
    private static Map<List<Integer>, Integer> targets(TemporalGapProtocol.Split split) {
        Map<List<Integer>, Integer> targets = new HashMap<>();
        for (Example e : split.inDistribution()) {
            targets.put(Arrays.stream(e.history()).boxed().toList(), e.target());
        }
        for (Example e : split.outOfDistribution()) {
            targets.put(Arrays.stream(e.history()).boxed().toList(), e.target());
        }
        return targets;
    }

    private static Recording perfect(TemporalGapProtocol.Split split) {
        Map<List<Integer>, Integer> targets = targets(split);
        return new Recording((history, candidates) -> {
            int target = targets.get(Arrays.stream(history).boxed().toList());
            float[] scores = new float[candidates.length];
            for (int i = 0; i < candidates.length; i++) {
                scores[i] = candidates[i] == target ? 1f : 0f;
            }
            return scores;
        });
    }

    private static Recording constant() {
        return new Recording((history, candidates) -> new float[candidates.length]);
    }

    // ---------------------------------------------------------------- negatives

    @Test
    void negativesAvoidSeenItemsAndTheTargetAndAreDistinct() {
        TemporalGapProtocol.Split split = dataset();
        TemporalGapProtocol protocol = new TemporalGapProtocol(11);
        for (boolean ood : new boolean[] {false, true}) {
            int[][] candidates = protocol.candidates(split, ITEMS, ood);
            List<Example> examples = ood ? split.outOfDistribution() : split.inDistribution();
            assertEquals(300, candidates.length);
            for (int u = 0; u < candidates.length; u++) {
                int[] row = candidates[u];
                assertEquals(examples.get(u).target(), row[0]);
                assertEquals(101, row.length);
                Set<Integer> distinct = new HashSet<>();
                for (int i = 1; i < row.length; i++) {
                    int item = row[i];
                    assertNotEquals(row[0], item);
                    assertFalse(split.seen().get(u).contains(item), "user " + u + " has seen negative " + item);
                    assertNotEquals(GAP_ONLY, item, "an item absent from training has no popularity");
                    assertTrue(distinct.add(item), "duplicate negative " + item);
                }
            }
        }
    }

    @Test
    void negativesAreIdenticalForEveryModelAndDependOnTheSeed() {
        TemporalGapProtocol.Split split = dataset();
        Recording a = perfect(split);
        Recording b = constant();
        new TemporalGapProtocol(11).evaluate(a, split, ITEMS, ProgressListener.NO_OP);
        new TemporalGapProtocol(11).evaluate(b, split, ITEMS, ProgressListener.NO_OP);
        assertEquals(600, a.seen.size()); // 300 id + 300 ood
        for (int i = 0; i < a.seen.size(); i++) {
            assertArrayEquals(a.seen.get(i), b.seen.get(i));
        }
        // what evaluate scored is what candidates() reports
        assertArrayEquals(new TemporalGapProtocol(11).candidates(split, ITEMS, false)[0], a.seen.get(0));
        assertArrayEquals(new TemporalGapProtocol(11).candidates(split, ITEMS, true)[0], a.seen.get(300));

        Recording c = constant();
        new TemporalGapProtocol(12).evaluate(c, split, ITEMS, ProgressListener.NO_OP);
        assertFalse(Arrays.equals(a.seen.get(0), c.seen.get(0)), "another seed draws other negatives");
    }

    @Test
    void negativesFollowPopularity() {
        TemporalGapProtocol.Split split = dataset();
        // 20 negatives from ~190 eligible items: a uniform draw would give each item ~10% of the users
        int[][] candidates = new TemporalGapProtocol(20, 5).candidates(split, ITEMS, false);
        int popular = 0;
        int rare = 0;
        for (int[] row : candidates) {
            for (int i = 1; i < row.length; i++) {
                popular += row[i] == POPULAR ? 1 : 0;
                rare += row[i] == RARE ? 1 : 0;
            }
        }
        // POPULAR holds 2000 of ~3200 training interactions: drawn for (almost) every user
        assertTrue(popular >= 290, "popular item drawn for " + popular + " of 300 users");
        // RARE holds 1: about 20 x 1/1600 per user, ~4 expected over 300 users (uniform: ~21)
        assertTrue(rare <= 12, "rare item drawn for " + rare + " of 300 users");
    }

    @Test
    void samplerDrawsProportionallyToWeights() {
        TemporalGapProtocol.PopularitySampler sampler =
                new TemporalGapProtocol.PopularitySampler(new long[] {1, 0, 3, 6, 10});
        Random random = new Random(3);
        int[] counts = new int[5];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[sampler.draw(1, Set.of(4), random)[0]]++; // item 4 excluded: weights 1:0:3:6
        }
        assertEquals(0, counts[1]);
        assertEquals(0, counts[4]);
        assertEquals(0.1, counts[0] / (double) n, 0.01);
        assertEquals(0.3, counts[2] / (double) n, 0.01);
        assertEquals(0.6, counts[3] / (double) n, 0.01);
        // exclusions are restored after a draw, and draws are without replacement
        int[] all = sampler.draw(4, Set.of(), random);
        assertEquals(Set.of(0, 2, 3, 4), Set.of(all[0], all[1], all[2], all[3]));
    }

    @Test
    void fewerNegativesWhenTooFewItemsQualify() {
        TemporalGapProtocol.Split split = TemporalGapProtocol.split(List.of(
                user("a", 0, 1, 2, 3, 4), user("s", 5, 6, 0)), 2);
        int[][] candidates = new TemporalGapProtocol(100, 1).candidates(split, 10, false);
        // items with training popularity: 0, 1, 2 (a's prefix), 5, 6; a saw 0..4 -> only 5 and 6 qualify
        assertEquals(3, candidates[0][0]);
        assertEquals(Set.of(5, 6), Set.of(candidates[0][1], candidates[0][2]));
        assertEquals(3, candidates[0].length);
    }

    // ---------------------------------------------------------------- metrics

    @Test
    void perfectScorerHitsEverythingAndConstantScorerNothing() {
        TemporalGapProtocol.Split split = dataset();
        TemporalGapProtocol protocol = new TemporalGapProtocol(11);

        ProtocolResult best = protocol.evaluate(perfect(split), split, ITEMS, ProgressListener.NO_OP);
        assertEquals(TemporalGapProtocol.NAME, best.protocol());
        for (String metric : List.of("HR@10-id", "NDCG@10-id", "HR@10-ood", "NDCG@10-ood")) {
            assertEquals(1.0, best.metrics().get(metric), 1e-12, metric);
            assertEquals(300, best.perUser().get(metric).length);
        }
        assertEquals(0.0, best.metrics().get("NDCG@10-drop"), 1e-12);
        assertEquals(split.inDistribution().stream().map(Example::user).toList(), best.users());

        // every candidate ties: a tie is not a hit
        ProtocolResult flat = protocol.evaluate(constant(), split, ITEMS, ProgressListener.NO_OP);
        for (String metric : List.of("HR@10-id", "NDCG@10-id", "HR@10-ood", "NDCG@10-ood")) {
            assertEquals(0.0, flat.metrics().get(metric), metric);
        }
        // a relative drop from a zero id score is undefined: not reported (a NaN would break the JSON)
        assertFalse(flat.metrics().containsKey("NDCG@10-drop"));
        assertFalse(flat.metrics().containsKey("HR@10-drop"));
    }

    @Test
    void dropIsTheRelativeLossFromIdToOod() {
        TemporalGapProtocol.Split split = dataset();
        Map<List<Integer>, Integer> targets = targets(split);
        Map<List<Integer>, Integer> oodUser = new HashMap<>();
        for (int u = 0; u < split.outOfDistribution().size(); u++) {
            oodUser.put(Arrays.stream(split.outOfDistribution().get(u).history()).boxed().toList(), u);
        }
        // id: target first. ood: even users see 2 negatives above the target (rank 2), odd users 10 (a miss)
        Recording model = new Recording((history, candidates) -> {
            List<Integer> key = Arrays.stream(history).boxed().toList();
            int target = targets.get(key);
            Integer u = oodUser.get(key);
            int above = u == null ? 0 : u % 2 == 0 ? 2 : 10;
            float[] scores = new float[candidates.length];
            int placed = 0;
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i] == target) {
                    scores[i] = 0.5f;
                } else {
                    scores[i] = placed++ < above ? 1f : 0f;
                }
            }
            return scores;
        });
        ProtocolResult result = new TemporalGapProtocol(11).evaluate(model, split, ITEMS, ProgressListener.NO_OP);

        double ndcgRank2 = 1 / (Math.log(4) / Math.log(2)); // 1/log2(2 + 2) = 0.5
        assertEquals(1.0, result.metrics().get("NDCG@10-id"), 1e-12);
        assertEquals(0.5, result.metrics().get("HR@10-ood"), 1e-12);
        assertEquals(ndcgRank2 / 2, result.metrics().get("NDCG@10-ood"), 1e-12);
        assertEquals((1.0 - ndcgRank2 / 2) / 1.0, result.metrics().get("NDCG@10-drop"), 1e-12);
        assertEquals(0.5, result.metrics().get("HR@10-drop"), 1e-12);
        // per-user values kept, in user order
        assertEquals(ndcgRank2, result.perUser().get("NDCG@10-ood")[0], 1e-12);
        assertEquals(0.0, result.perUser().get("NDCG@10-ood")[1]);
        assertEquals(1.0, result.perUser().get("HR@10-ood")[0]);
        assertEquals(0.0, result.perUser().get("HR@10-ood")[1]);
    }

    @Test
    void rankCountsTiesAgainstTheTarget() {
        assertEquals(0, TemporalGapProtocol.rank(new float[] {5, 1, 2}));
        assertEquals(1, TemporalGapProtocol.rank(new float[] {5, 5, 2}));
        assertEquals(2, TemporalGapProtocol.rank(new float[] {Float.NaN, 1, 2}));
        assertEquals(0.25, TemporalGapProtocol.drop(0.4, 0.3), 1e-12);
        assertEquals(-0.5, TemporalGapProtocol.drop(0.2, 0.3), 1e-12);
    }
}
