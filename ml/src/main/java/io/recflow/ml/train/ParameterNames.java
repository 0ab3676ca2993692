package io.recflow.ml.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between the parameters a model has and those a checkpoint or saved state holds, for the
 * message that refuses to load it: which names are missing and which are unexpected say at once whether it
 * was another adapter kind, rank or model.
 */
public final class ParameterNames {

    private static final int SHOWN = 3;

    private ParameterNames() {
    }

    /** Whether {@code stored} names exactly the parameters in {@code expected}, whatever the order. */
    public static boolean same(Collection<String> expected, Collection<String> stored) {
        return expected.size() == stored.size() && Set.copyOf(expected).equals(Set.copyOf(stored));
    }

    /** e.g. "missing 2 (a.weight, b.weight), unexpected 1 (c.weight)". */
    public static String difference(Collection<String> expected, Collection<String> stored) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(stored);
        Set<String> unexpected = new TreeSet<>(stored);
        unexpected.removeAll(expected);
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(listed("missing", missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add(listed("unexpected", unexpected));
        }
        if (!parts.isEmpty()) {
            return String.join(", ", parts);
        }
        return expected.size() == stored.size() ? "the same names in another order" : "the same names, some twice";
    }

    private static String listed(String what, Set<String> names) {
        return what + " " + names.size() + " (" + String.join(", ", names.stream().limit(SHOWN).toList())
                + (names.size() > SHOWN ? ", ..." : "") + ")";
    }
}
