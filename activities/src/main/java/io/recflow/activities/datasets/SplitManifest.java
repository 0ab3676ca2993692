package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.evaluation.TemporalGapProtocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a data set is split, per user, as positions in the user's sequence: the items
 * {@code [0, trainEnd)} are training data; {@code validIndex} / {@code testIndex} are the positions of
 * the validation / test targets and {@code idIndex} / {@code oodIndex} those of the temporal-gap
 * protocol's in- / out-of-distribution targets ({@code -1}: none), each predicted from the items
 * before it.
 * <ul>
 *   <li>{@code leave-one-out}: train = all but the last two, valid = the last but one, test = the last
 *       (the test history includes the validation item); a user with fewer than 3 interactions is
 *       training data only (as {@code io.recflow.ml.split.LeaveOneOut});
 *   <li>{@code predefined}: training users whole; a validation (test) user's last item is its target;
 *   <li>{@code temporal-gap} (CaseQ, {@link TemporalGapProtocol#split}): a user with at least
 *       {@code lapse + 2} events trains on all but its last {@code lapse} events; the next event is its
 *       id target, the final event its ood target; shorter users are training data only. No
 *       validation or test targets: the id target is the only event right after training.
 * </ul>
 *
 * @param datasetSha256 the sha256 of the {@code dataset} artifact this split belongs to (may be null)
 * @param seed          recorded for lineage (every strategy is deterministic)
 * @param lapse         the temporal-gap split's lapse; {@code null} for the other strategies
 */
public record SplitManifest(String strategy, long seed, String datasetSha256, List<Entry> entries, Integer lapse) {

    public static final String LEAVE_ONE_OUT = "leave-one-out";
    public static final String PREDEFINED = "predefined";
    public static final String TEMPORAL_GAP = TemporalGapProtocol.NAME;

    /** One user's split. */
    public record Entry(String user, int trainEnd, int validIndex, int testIndex, int idIndex, int oodIndex) {

        /** A user without temporal-gap targets. */
        public Entry(String user, int trainEnd, int validIndex, int testIndex) {
            this(user, trainEnd, validIndex, testIndex, -1, -1);
        }
    }

    /** Totals, for people and for checks. */
    public record Counts(int users, int trainUsers, long trainInteractions, int validTargets, int testTargets,
                         int idTargets, int oodTargets) {

        /** Totals of a split without temporal-gap targets. */
        public Counts(int users, int trainUsers, long trainInteractions, int validTargets, int testTargets) {
            this(users, trainUsers, trainInteractions, validTargets, testTargets, 0, 0);
        }
    }

    public SplitManifest {
        entries = List.copyOf(entries);
    }

    /** A split of a strategy without a lapse. */
    public SplitManifest(String strategy, long seed, String datasetSha256, List<Entry> entries) {
        this(strategy, seed, datasetSha256, entries, null);
    }

    public static SplitManifest leaveOneOut(InteractionDataset dataset, String datasetSha256, long seed) {
        List<Entry> entries = new ArrayList<>(dataset.sequences().size());
        for (UserSequence s : dataset.sequences()) {
            int n = s.length();
            entries.add(n < 3 ? new Entry(s.user(), n, -1, -1) : new Entry(s.user(), n - 2, n - 2, n - 1));
        }
        return new SplitManifest(LEAVE_ONE_OUT, seed, datasetSha256, entries);
    }

    /** The temporal-gap split with {@code lapse} events withheld from training (at least 2). */
    public static SplitManifest temporalGap(InteractionDataset dataset, int lapse, String datasetSha256, long seed) {
        if (lapse < 2) {
            throw new IllegalArgumentException("lapse must be at least 2, was " + lapse); // SplitChoice checks specs
        }
        List<Entry> entries = new ArrayList<>(dataset.sequences().size());
        for (UserSequence s : dataset.sequences()) {
            int n = s.length();
            entries.add(n < TemporalGapProtocol.minEvaluatedLength(lapse) ? new Entry(s.user(), n, -1, -1)
                    : new Entry(s.user(), n - lapse, -1, -1, n - lapse, n - 1));
        }
        return new SplitManifest(TEMPORAL_GAP, seed, datasetSha256, entries, lapse);
    }

    public static SplitManifest predefined(InteractionDataset dataset, PredefinedSplit split, String datasetSha256,
                                           long seed) {
        Map<String, Integer> lengths = new HashMap<>();
        for (UserSequence s : dataset.sequences()) {
            lengths.put(s.user(), s.length());
        }
        Map<String, Entry> byUser = new HashMap<>();
        for (String u : split.trainUsers()) {
            put(byUser, new Entry(u, length(lengths, u), -1, -1));
        }
        for (String u : split.validUsers()) {
            put(byUser, new Entry(u, 0, length(lengths, u) - 1, -1));
        }
        for (String u : split.testUsers()) {
            put(byUser, new Entry(u, 0, -1, length(lengths, u) - 1));
        }
        List<Entry> entries = new ArrayList<>();
        for (UserSequence s : dataset.sequences()) {
            Entry e = byUser.get(s.user());
            if (e != null) {
                entries.add(e);
            }
        }
        return new SplitManifest(PREDEFINED, seed, datasetSha256, entries);
    }

    private static int length(Map<String, Integer> lengths, String user) {
        Integer n = lengths.get(user);
        if (n == null) {
            throw new IllegalArgumentException("split user " + user + " is not in the data set");
        }
        return n;
    }

    private static void put(Map<String, Entry> byUser, Entry e) {
        if (byUser.put(e.user(), e) != null) {
            throw new IllegalArgumentException("user " + e.user() + " is in more than one split");
        }
    }

    public Counts counts() {
        int trainUsers = 0;
        long train = 0;
        int valid = 0;
        int test = 0;
        int id = 0;
        int ood = 0;
        for (Entry e : entries) {
            trainUsers += e.trainEnd() > 0 ? 1 : 0;
            train += e.trainEnd();
            // A target at position 0 has no history to predict it from (a predefined split's row with an empty
            // window): evaluation skips it, so it is not counted.
            valid += e.validIndex() > 0 ? 1 : 0;
            test += e.testIndex() > 0 ? 1 : 0;
            id += e.idIndex() > 0 ? 1 : 0;
            ood += e.oodIndex() > 0 ? 1 : 0;
        }
        return new Counts(entries.size(), trainUsers, train, valid, test, id, ood);
    }
}
