package io.recflow.api.problem;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** The valid name a mistyped one was most likely meant to be, for "did you mean ...?". */
public final class NearestName {

    private NearestName() {
    }

    /**
     * The known name closest to {@code given} by edit distance (ignoring case; a swap of neighbours counts
     * once), when it is close enough to be a typo: at most a third of the given name's length, and one edit
     * at least — but none for a single letter, which one edit turns into any other. Ties go to the
     * alphabetically first, so the answer is stable.
     */
    public static Optional<String> to(String given, Collection<String> known) {
        int allowed = given.length() < 2 ? 0 : Math.max(1, given.length() / 3);
        return known.stream()
                .filter(name -> distance(given, name) <= allowed)
                .min(Comparator.<String>comparingInt(name -> distance(given, name)).thenComparing(name -> name));
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[s.length() + 1][t.length() + 1];
        for (int i = 0; i <= s.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[s.length()][t.length()];
    }
}
