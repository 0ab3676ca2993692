package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.ml.data.InteractionDataset;

import java.util.List;
import java.util.Optional;

/**
 * The split a spec asks for ({@code data.split}, {@code data.lapse}), checked against the data while it
 * is ingested, so a split the data cannot have fails before anything is written.
 *
 * @param strategy one of {@link #STRATEGIES}
 * @param lapse    events withheld from training per user (temporal-gap only)
 */
public record SplitChoice(String strategy, int lapse) {

    public static final String AUTO_STRATEGY = "auto";
    public static final String LEAVE_ONE_OUT = "leave-one-out";
    public static final String PREDEFINED = "predefined";
    public static final String TEMPORAL_GAP = "temporal-gap";
    /** The pipeline spec's {@code data.split} values (a test keeps the two lists equal). */
    public static final List<String> STRATEGIES = List.of(AUTO_STRATEGY, LEAVE_ONE_OUT, PREDEFINED, TEMPORAL_GAP);
    /** At most this many events withheld per user (the pipeline spec's limit of {@code data.lapse}). */
    public static final int MAX_LAPSE = 100_000;
    /** CaseQ's {@code --lapse 30}, counted as the pipeline spec counts it ({@code data.lapse}'s default). */
    public static final int DEFAULT_LAPSE = 31;

    /** The data's own split when it has one, else leave-one-out. */
    public static final SplitChoice AUTO = new SplitChoice(AUTO_STRATEGY, DEFAULT_LAPSE);

    /** The choice of a spec; {@code null} split = auto, {@code null} lapse = {@link #DEFAULT_LAPSE}. */
    public static SplitChoice of(String split, Integer lapse) {
        String strategy = split == null || split.isBlank() ? AUTO_STRATEGY : split.strip();
        if (!STRATEGIES.contains(strategy)) {
            throw new BadInputException(null, 0, "data.split", "unknown split " + Fields.quote(split)
                    + "; known splits: " + STRATEGIES);
        }
        int l = lapse == null ? DEFAULT_LAPSE : lapse;
        if (strategy.equals(TEMPORAL_GAP) && (l < 2 || l > MAX_LAPSE)) {
            throw new BadInputException(null, 0, "data.lapse", "must be in 2.." + MAX_LAPSE + " (at least 2: the in-"
                    + " and out-of-distribution targets must differ), was " + l);
        }
        return new SplitChoice(strategy, l);
    }

    /** Refuses a split the data cannot have: predefined without one, temporal-gap over one. */
    void check(String uri, DataFormat format, boolean predefinedSplit) {
        if (strategy.equals(PREDEFINED) && !predefinedSplit) {
            throw new BadInputException(uri, 0, "data.split", "predefined, but format " + format.id()
                    + " has no split of its own; use auto, leave-one-out or temporal-gap");
        }
        if (strategy.equals(TEMPORAL_GAP) && predefinedSplit) {
            throw new BadInputException(uri, 0, "data.split", "temporal-gap, but format " + format.id()
                    + " fixes its own split (train/val/test users); use auto or predefined");
        }
    }

    /**
     * Refuses a split of {@code dataset} that leaves nothing to train on or nothing to evaluate: every metric of
     * the run would be a mean over no user (0), and the gate would promote it.
     */
    void requireTrainableAndEvaluable(String uri, InteractionDataset dataset, Optional<PredefinedSplit> predefined) {
        SplitManifest.Counts counts = apply(dataset, predefined, "", 0).counts();
        if (strategy.equals(TEMPORAL_GAP)) {
            int longest = dataset.sequences().stream().mapToInt(s -> s.items().length).max().orElse(0);
            if (counts.idTargets() == 0) {
                throw new BadInputException(uri, 0, "data.lapse", "no user can be evaluated: the temporal-gap split"
                        + " needs users with more than " + (lapse + 1) + " events for lapse " + lapse + ", and the"
                        + " longest history has " + longest + "; lower data.lapse");
            }
        } else if (counts.testTargets() == 0) {
            throw new BadInputException(uri, 0, "data.split", "the " + strategy + " split of " + counts.users()
                    + " users has no test target: every metric would be a mean over no user");
        }
        if (counts.trainInteractions() == 0) {
            throw new BadInputException(uri, 0, "data.split", "the " + strategy + " split leaves no event to train on");
        }
    }

    /** The manifest of this split over {@code dataset}. */
    SplitManifest apply(InteractionDataset dataset, Optional<PredefinedSplit> predefined, String datasetSha256,
                        long seed) {
        return switch (strategy) {
            case TEMPORAL_GAP -> SplitManifest.temporalGap(dataset, lapse, datasetSha256, seed);
            case LEAVE_ONE_OUT -> SplitManifest.leaveOneOut(dataset, datasetSha256, seed);
            default -> predefined // auto and predefined (checked to exist)
                    .map(p -> SplitManifest.predefined(dataset, p, datasetSha256, seed))
                    .orElseGet(() -> SplitManifest.leaveOneOut(dataset, datasetSha256, seed));
        };
    }
}
