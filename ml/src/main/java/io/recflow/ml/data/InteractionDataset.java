package io.recflow.ml.data;

import java.util.List;

/** A canonical data set: the item catalogue and every user's time-ordered sequence over it. */
public record InteractionDataset(String name, ItemCatalog catalog, List<UserSequence> sequences) {

    public InteractionDataset {
        sequences = List.copyOf(sequences);
        for (UserSequence s : sequences) {
            for (int item : s.items()) {
                if (item < 0 || item >= catalog.size()) {
                    throw new IllegalArgumentException("user " + s.user() + " refers to item index " + item
                            + " outside the catalogue of " + catalog.size());
                }
            }
        }
    }

    public long interactionCount() {
        return sequences.stream().mapToLong(UserSequence::length).sum();
    }
}
