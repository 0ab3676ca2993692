package io.recflow.activities.datasets;

import java.util.List;

/** Item metadata read from a format's item file, before dense indexes exist. */
record ItemMeta(List<String> categoryPath, String title, String description) {

    ItemMeta {
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        title = title == null ? "" : title.strip();
        description = description == null ? "" : description.strip();
    }
}
