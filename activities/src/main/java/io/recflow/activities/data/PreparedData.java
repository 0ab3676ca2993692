package io.recflow.activities.data;

import io.recflow.activities.datasets.DatasetCodec;
import io.recflow.activities.datasets.DatasetSnapshot;
import io.recflow.activities.datasets.SplitManifest;
import io.recflow.activities.datasets.SplitManifestCodec;
import io.recflow.activities.stage.StageStep;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.evaluation.TemporalGapProtocol;
import io.recflow.ml.split.Example;
import io.recflow.workflows.ArtifactRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A data set snapshot seen through its split manifest: what the models train on and what they are
 * evaluated on. Every stage reads the data this way, so all of them agree on the split.
 */
public final class PreparedData {

    private final InteractionDataset dataset;
    private final SplitManifest split;
    private final Map<String, UserSequence> byUser = new HashMap<>();

    public PreparedData(InteractionDataset dataset, SplitManifest split) {
        this.dataset = dataset;
        this.split = split;
        for (UserSequence s : dataset.sequences()) {
            byUser.put(s.user(), s);
        }
    }

    /** Reads the data set and split artifacts of a step (recording both as used). */
    public static PreparedData read(StageStep step, ArtifactRef dataset, ArtifactRef split) {
        DatasetSnapshot snapshot = step.read(dataset, DatasetCodec::read);
        return new PreparedData(snapshot.dataset(), step.read(split, SplitManifestCodec::read));
    }

    public ItemCatalog catalog() {
        return dataset.catalog();
    }

    public InteractionDataset dataset() {
        return dataset;
    }

    /** Each user's training prefix (users without training events are left out). */
    public List<UserSequence> trainSequences() {
        List<UserSequence> train = new ArrayList<>();
        for (SplitManifest.Entry e : split.entries()) {
            if (e.trainEnd() > 0) {
                train.add(byUser.get(e.user()).prefix(e.trainEnd()));
            }
        }
        return train;
    }

    public List<Example> validation(int maxHistory) {
        return examples(true, maxHistory);
    }

    public List<Example> test(int maxHistory) {
        return examples(false, maxHistory);
    }

    /**
     * At most {@code maxUsers} test examples (all when 0 or fewer are available), chosen by the seed,
     * in their original order, so every model and every run with that seed sees the same users.
     */
    public List<Example> testSample(int maxHistory, int maxUsers, long seed) {
        return sample(test(maxHistory), maxUsers, seed);
    }

    /** The validation examples, sampled as {@link #testSample} samples the test examples. */
    public List<Example> validationSample(int maxHistory, int maxUsers, long seed) {
        return sample(validation(maxHistory), maxUsers, seed);
    }

    private static List<Example> sample(List<Example> all, int maxUsers, long seed) {
        if (maxUsers <= 0 || all.size() <= maxUsers) {
            return all;
        }
        Integer[] order = new Integer[all.size()];
        Arrays.setAll(order, i -> i);
        java.util.Collections.shuffle(Arrays.asList(order), new Random(seed));
        int[] chosen = Arrays.stream(order, 0, maxUsers).mapToInt(Integer::intValue).sorted().toArray();
        return Arrays.stream(chosen).mapToObj(all::get).toList();
    }

    /**
     * The temporal-gap split's in- and out-of-distribution examples (histories cut to their last
     * {@code maxHistory} items), with the training prefixes that set the negatives' popularity.
     *
     * @throws IllegalStateException when the split is not a temporal-gap split
     */
    public TemporalGapProtocol.Split temporalGap(int maxHistory) {
        if (split.lapse() == null) {
            throw new IllegalStateException("the " + split.strategy() + " split has no temporal-gap targets");
        }
        List<Example> id = new ArrayList<>();
        List<Example> ood = new ArrayList<>();
        List<Set<Integer>> seen = new ArrayList<>();
        for (SplitManifest.Entry e : split.entries()) {
            if (e.idIndex() > 0 && e.oodIndex() > 0) {
                int[] items = byUser.get(e.user()).items();
                id.add(new Example(e.user(), Arrays.copyOf(items, e.idIndex()), items[e.idIndex()]));
                ood.add(new Example(e.user(), Arrays.copyOf(items, e.oodIndex()), items[e.oodIndex()]));
                seen.add(seen(e.user()));
            }
        }
        return new TemporalGapProtocol.Split(split.lapse(), trainSequences(), id, ood, seen).truncated(maxHistory);
    }

    /** Every item {@code user} ever interacted with (candidate negatives avoid them). */
    public Set<Integer> seen(String user) {
        Set<Integer> seen = new HashSet<>();
        for (int item : byUser.get(user).items()) {
            seen.add(item);
        }
        return seen;
    }

    private List<Example> examples(boolean validation, int maxHistory) {
        List<Example> examples = new ArrayList<>();
        for (SplitManifest.Entry e : split.entries()) {
            int target = validation ? e.validIndex() : e.testIndex();
            if (target > 0) {
                int[] items = byUser.get(e.user()).items();
                examples.add(new Example(e.user(), Arrays.copyOf(items, target), items[target]).truncated(maxHistory));
            }
        }
        return examples;
    }
}
