package io.recflow.ml.data;

import java.util.List;
import java.util.Objects;

/**
 * One item of a catalogue. {@code index} is the dense 0-based id every model uses; {@code externalId}
 * is the id the data set and the REST API speak. Text fields may be empty but never null, so that the
 * tokenizer can treat a missing level uniformly.
 */
public record Item(int index, String externalId, List<String> categoryPath, String title, String description) {

    public Item {
        Objects.requireNonNull(externalId, "externalId");
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        title = title == null ? "" : title;
        description = description == null ? "" : description;
        if (index < 0) {
            throw new IllegalArgumentException("item index must be >= 0, was " + index);
        }
    }

    /** An item known only by its id (interaction-only data sets such as CaseQ's). */
    public static Item bare(int index, String externalId) {
        return new Item(index, externalId, List.of(), "", "");
    }
}
