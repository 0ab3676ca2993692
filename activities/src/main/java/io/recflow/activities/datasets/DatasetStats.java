package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.UserSequence;

import java.util.Arrays;

/**
 * The counts a person checks first. Shares are computed from the counts (no floating point is stored
 * except the median, which is always an integer or a half).
 */
public record DatasetStats(int users, int items, long interactions, int droppedUsers, long droppedInteractions,
                           int minSequenceLength, double medianSequenceLength, int maxSequenceLength,
                           int itemsWithTitle, int itemsWithCategory, int itemsWithDescription) {

    public static DatasetStats of(InteractionDataset dataset, int droppedUsers, long droppedInteractions) {
        int[] lengths = dataset.sequences().stream().mapToInt(UserSequence::length).sorted().toArray();
        int n = lengths.length;
        double median = n == 0 ? 0 : n % 2 == 1 ? lengths[n / 2] : (lengths[n / 2 - 1] + lengths[n / 2]) / 2.0;
        int titles = 0;
        int categories = 0;
        int descriptions = 0;
        for (Item item : dataset.catalog().items()) {
            titles += item.title().isBlank() ? 0 : 1;
            categories += item.categoryPath().isEmpty() ? 0 : 1;
            descriptions += item.description().isBlank() ? 0 : 1;
        }
        return new DatasetStats(n, dataset.catalog().size(), Arrays.stream(lengths).asLongStream().sum(), droppedUsers,
                droppedInteractions, n == 0 ? 0 : lengths[0], median, n == 0 ? 0 : lengths[n - 1], titles, categories,
                descriptions);
    }

    public double titleShare() {
        return items == 0 ? 0 : (double) itemsWithTitle / items;
    }

    public double categoryShare() {
        return items == 0 ? 0 : (double) itemsWithCategory / items;
    }

    public double descriptionShare() {
        return items == 0 ? 0 : (double) itemsWithDescription / items;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "%d users, %d items, %d interactions (dropped %d users / %d interactions); sequence length"
                        + " min %d, median %s, max %d; items with title %.1f%%, category %.1f%%, description %.1f%%",
                users, items, interactions, droppedUsers, droppedInteractions, minSequenceLength,
                medianSequenceLength % 1 == 0 ? Long.toString((long) medianSequenceLength)
                        : Double.toString(medianSequenceLength), maxSequenceLength, 100 * titleShare(),
                100 * categoryShare(), 100 * descriptionShare());
    }
}
