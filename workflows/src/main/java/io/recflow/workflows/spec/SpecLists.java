package io.recflow.workflows.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Lists inside specs: copied and unmodifiable, so a spec is immutable whoever built it. */
final class SpecLists {

    private SpecLists() {
    }

    /**
     * An unmodifiable copy, or null for null. Unlike {@link List#copyOf} it keeps null elements, so that
     * validation can name them instead of a constructor failing on them.
     */
    static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
