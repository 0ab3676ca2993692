package io.recflow.ml.tokenizer;

import io.recflow.ml.data.ItemCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Item codes made elsewhere, e.g. LETTER's RQ-VAE semantic ids ({@code Instruments.index.json}:
 * {@code {"0": ["<a_12>", "<b_200>", "<c_7>", "<d_31>"], ...}}), turned into {@link ItemCodes} so that
 * recflow's own tokenizer and another one can be compared on the same split with the same backbone,
 * trie and beam search.
 *
 * <p>Token position {@code p} (1-based) is the level {@code given-p}; every token is {@code <x_n>} with
 * the same letters {@code x} at a position for all items. A level's codes are renumbered densely
 * 0..size-1 in the order of {@code n} (LETTER's first level uses 150 of its 256 codes, and an unused code
 * would be a vocabulary entry the backbone never sees). The disambiguation level is appended exactly as
 * {@link CoarseToFineTokenizer} does, so a tuple shared by several items still names one item.
 *
 * @param codes         the codes of every catalogue item, in catalogue order
 * @param unknownItems  index entries for items the catalogue does not have (ignored), sorted
 */
public record GivenCodes(ItemCodes codes, List<String> unknownItems) {

    /** The name of the level of token position {@code p} (1-based). */
    public static final String LEVEL_PREFIX = "given-";

    private static final Pattern TOKEN = Pattern.compile("<([A-Za-z]+)_([0-9]{1,9})>");
    private static final int PROBLEM_LIMIT = 20;
    private static final int NAMED_MISSING = 5;

    public GivenCodes {
        unknownItems = List.copyOf(unknownItems);
    }

    /**
     * Builds the codes of every item of {@code catalog} from {@code index} (item id → tokens, coarse to fine).
     *
     * @throws GivenCodesException when catalogue items have no entry, an entry is empty or has another
     *                             number of tokens than the rest, or a token is not {@code <letters_number>}
     *                             with the letters of its position
     */
    public static GivenCodes from(ItemCatalog catalog, Map<String, List<String>> index) {
        if (catalog.size() == 0) {
            throw new IllegalArgumentException("cannot tokenize an empty catalogue");
        }
        Problems problems = new Problems();
        List<String> missing = new ArrayList<>();
        List<List<String>> entries = new ArrayList<>(catalog.size());
        catalog.items().forEach(item -> {
            List<String> tokens = index.get(item.externalId());
            if (tokens == null) {
                missing.add(item.externalId());
            }
            entries.add(tokens);
        });
        if (!missing.isEmpty()) {
            problems.add(null, missing.size() + " of the catalogue's " + catalog.size() + " items have no codes, e.g. "
                    + String.join(", ", missing.subList(0, Math.min(NAMED_MISSING, missing.size()))));
        }
        int levels = commonLength(entries);
        String[] letters = new String[levels];
        int[][] raw = new int[catalog.size()][];
        for (int item = 0; item < catalog.size(); item++) {
            raw[item] = parse(catalog.get(item).externalId(), entries.get(item), letters, problems);
        }
        problems.throwIfAny();

        List<String> names = new ArrayList<>(levels);
        List<int[]> dense = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++) {
            names.add(LEVEL_PREFIX + (l + 1));
            dense.add(denseLevel(raw, l));
        }
        List<String> unknown = new ArrayList<>();
        index.keySet().forEach(id -> {
            if (catalog.indexOf(id).isEmpty()) {
                unknown.add(id);
            }
        });
        Collections.sort(unknown);
        return new GivenCodes(ItemCodes.withDisambiguation(names, dense, catalog.size()), unknown);
    }

    /** The most common token count of the entries present: the odd ones out are the ones to blame. */
    private static int commonLength(List<List<String>> entries) {
        Map<Integer, Integer> counts = new HashMap<>();
        entries.stream().filter(e -> e != null && !e.isEmpty()).forEach(e -> counts.merge(e.size(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(0);
    }

    /**
     * The raw code numbers of one item, or null (with problems recorded) when its entry is missing or wrong.
     * The first item to use a position fixes its letters in {@code letters}.
     */
    private static int[] parse(String item, List<String> tokens, String[] letters, Problems problems) {
        if (tokens == null) {
            return null;
        }
        if (tokens.isEmpty()) {
            problems.add(item, "has no tokens");
            return null;
        }
        if (tokens.size() != letters.length) {
            problems.add(item, "has " + tokens.size() + " tokens, the other items have " + letters.length);
            return null;
        }
        int[] codes = new int[tokens.size()];
        for (int p = 0; p < tokens.size(); p++) {
            Matcher m = TOKEN.matcher(tokens.get(p) == null ? "" : tokens.get(p));
            if (!m.matches()) {
                problems.add(item, "token " + (p + 1) + " '" + tokens.get(p) + "' is not of the form <letters_number>, "
                        + "e.g. <a_12>");
                return null;
            }
            if (letters[p] == null) {
                letters[p] = m.group(1);
            } else if (!letters[p].equals(m.group(1))) {
                problems.add(item, "token " + (p + 1) + " '" + tokens.get(p) + "' belongs to level '" + m.group(1)
                        + "', but position " + (p + 1) + " holds level '" + letters[p] + "' for other items");
                return null;
            }
            codes[p] = Integer.parseInt(m.group(2));
        }
        return codes;
    }

    /** Level {@code l}'s codes renumbered 0..distinct-1 in ascending order of the given numbers. */
    private static int[] denseLevel(int[][] raw, int l) {
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int[] codes : raw) {
            distinct.add(codes[l]);
        }
        Map<Integer, Integer> dense = new HashMap<>();
        distinct.forEach(code -> dense.put(code, dense.size()));
        int[] level = new int[raw.length];
        for (int item = 0; item < raw.length; item++) {
            level[item] = dense.get(raw[item][l]);
        }
        return level;
    }

    /** Collects problems up to {@link #PROBLEM_LIMIT}, so one run reports many at once. */
    private static final class Problems {

        private final List<GivenCodesException.Problem> found = new ArrayList<>();
        private boolean truncated;

        void add(String item, String message) {
            if (found.size() < PROBLEM_LIMIT) {
                found.add(new GivenCodesException.Problem(item, message));
            } else {
                truncated = true;
            }
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new GivenCodesException(found, truncated);
            }
        }
    }
}
