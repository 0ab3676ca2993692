package io.recflow.activities.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a format parser read: interactions, item metadata, and (iLoRA) the predefined user roles. */
final class RawData {

    final SequenceBuilder events = new SequenceBuilder();
    final Map<String, ItemMeta> items = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final List<String> filesRead = new ArrayList<>();
    final TimestampForms timestampForms = new TimestampForms();
    /** Non-null only for formats that ship their own split. */
    List<String> trainUsers;
    List<String> validUsers;
    List<String> testUsers;
    /** iLoRA: the lowest rating in the val/test rows; {@code null} when they have no ratings. */
    Double lowestEvaluationRating;

    boolean hasPredefinedSplit() {
        return trainUsers != null;
    }

    /** Records item metadata, reporting a second entry for the same id. */
    void putItem(String id, ItemMeta meta, Problems problems, String file, long line, String field) {
        if (items.putIfAbsent(id, meta) != null) {
            problems.add(file, line, field, "duplicate item id " + Fields.quote(id));
        }
    }
}
