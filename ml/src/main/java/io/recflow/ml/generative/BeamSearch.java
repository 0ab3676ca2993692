package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.tokenizer.ItemTrie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Beam search over code tuples, constrained to the item trie: at level l each beam only extends by
 * codes that still lead to a real item, so every finished beam is an item. A beam's score is the sum
 * of the model's log-probabilities of its codes (each normalised over its level, as trained), the
 * same quantity candidate scoring computes. Batched over users and beams.
 */
final class BeamSearch {

    private static final Comparator<Beam> BEST_FIRST =
            Comparator.comparingDouble(Beam::score).reversed().thenComparing(Beam::codes, Arrays::compare);

    private final IncrementalDecoder decoder;
    private final ItemTrie trie;
    private final ItemCodes itemCodes;

    BeamSearch(IncrementalDecoder decoder, ItemTrie trie, ItemCodes itemCodes) {
        this.decoder = decoder;
        this.trie = trie;
        this.itemCodes = itemCodes;
    }

    /** @param parent the index, among its user's beams of the previous level, of the beam this one extends */
    private record Beam(int[] codes, ItemTrie.Node node, double score, int parent) {

        Beam extend(int child, float logProbability, int self) {
            int[] next = Arrays.copyOf(codes, codes.length + 1);
            next[codes.length] = node.codeAt(child);
            return new Beam(next, node.childAt(child), score + logProbability, self);
        }
    }

    /**
     * The best {@code min(k, width)} items per history, best first, with their log-probabilities.
     *
     * @param leftOut per history, items never to return (null: none): a prefix that leads only to such items
     *                takes no beam, so the beams' places go to prefixes of items that may be returned
     */
    List<List<ScoredItem>> search(NDManager manager, int[][] histories, float[][] gateInputs, int width, int k,
                                  int[][] leftOut) {
        IncrementalDecoder.History history = decoder.encode(manager, histories, gateInputs);
        int users = histories.length;
        List<Set<ItemTrie.Node>> closed = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            closed.add(leftOut == null ? Set.of() : closedPrefixes(leftOut[u]));
        }
        List<List<Beam>> beams = new ArrayList<>(users);
        Beam start = new Beam(new int[0], trie.root(), 0, 0);
        float[][] first = decoder.logProbabilities(history.last(), 0);
        for (int u = 0; u < users; u++) {
            beams.add(best(expand(List.of(start), first, u, closed.get(u)), width));
        }
        // Each level feeds every beam's newest code, after the keys and values of its earlier codes.
        List<KeyValues> past = null;
        int previousRowsPerUser = 1;
        for (int level = 1; level < trie.levels(); level++) {
            int rowsPerUser = beams.stream().mapToInt(List::size).max().orElse(0);
            int[] codes = new int[users * rowsPerUser];
            long[] parents = new long[users * rowsPerUser];
            for (int u = 0; u < users; u++) {
                List<Beam> own = beams.get(u);
                for (int i = 0; i < rowsPerUser; i++) {
                    // Users with fewer beams repeat their first; those rows are computed but never read.
                    Beam beam = own.get(i < own.size() ? i : 0);
                    codes[u * rowsPerUser + i] = beam.codes()[level - 1];
                    parents[u * rowsPerUser + i] = (long) u * previousRowsPerUser + beam.parent();
                }
            }
            List<KeyValues> ownPast = past == null ? null : rowsOf(manager, past, parents, users, rowsPerUser);
            Backbone.Pass pass = decoder.step(manager, history, codes, level - 1, ownPast);
            float[][] next = decoder.logProbabilities(pass.hidden().get(new NDIndex(":, -1, :")), level);
            for (int u = 0; u < users; u++) {
                beams.set(u, best(expand(beams.get(u), next, u * rowsPerUser, closed.get(u)), width));
            }
            past = pass.keyValues();
            previousRowsPerUser = rowsPerUser;
        }
        List<List<ScoredItem>> results = new ArrayList<>(users);
        for (List<Beam> finished : beams) {
            results.add(finished.stream().limit(k).map(b -> new ScoredItem(b.node().item(), b.score())).toList());
        }
        return results;
    }

    /** The previous level's per-row keys and values, reordered to the rows of the beams that extend them. */
    private static List<KeyValues> rowsOf(NDManager manager, List<KeyValues> past, long[] parents, int users,
                                          int rowsPerUser) {
        NDArray index = manager.create(parents);
        List<KeyValues> reordered = new ArrayList<>(past.size());
        for (KeyValues layer : past) {
            reordered.add(new KeyValues(pick(layer.keys(), index, users, rowsPerUser),
                    pick(layer.values(), index, users, rowsPerUser)));
        }
        return reordered;
    }

    /** Rows {@code index} of (users, previous rows per user, heads, tokens, head size), as (users, rowsPerUser, ...). */
    private static NDArray pick(NDArray array, NDArray index, int users, int rowsPerUser) {
        Shape s = array.getShape();
        return array.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)).get(index)
                .reshape(users, rowsPerUser, s.get(2), s.get(3), s.get(4));
    }

    /**
     * Every allowed one-code extension of {@code beams} but into {@code closed} prefixes, whose log-probabilities are
     * rows {@code firstRow + i}.
     */
    private static List<Beam> expand(List<Beam> beams, float[][] logProbabilities, int firstRow,
                                     Set<ItemTrie.Node> closed) {
        List<Beam> extended = new ArrayList<>();
        for (int i = 0; i < beams.size(); i++) {
            Beam beam = beams.get(i);
            float[] row = logProbabilities[firstRow + i];
            for (int c = 0; c < beam.node().childCount(); c++) {
                if (!closed.contains(beam.node().childAt(c))) {
                    extended.add(beam.extend(c, row[beam.node().codeAt(c)], i));
                }
            }
        }
        return extended;
    }

    /** The prefixes all of whose items are in {@code items}: counted along each item's path. */
    private Set<ItemTrie.Node> closedPrefixes(int[] items) {
        Map<ItemTrie.Node, Integer> counted = new IdentityHashMap<>();
        for (int item : Arrays.stream(items).distinct().toArray()) {
            ItemTrie.Node node = trie.root();
            for (int code : itemCodes.codes()[item]) {
                node = node.child(code);
                counted.merge(node, 1, Integer::sum);
            }
        }
        Set<ItemTrie.Node> closed = Collections.newSetFromMap(new IdentityHashMap<>());
        counted.forEach((node, count) -> {
            if (count == node.items()) {
                closed.add(node);
            }
        });
        return closed;
    }

    private static List<Beam> best(List<Beam> beams, int width) {
        beams.sort(BEST_FIRST);
        return beams.size() <= width ? beams : new ArrayList<>(beams.subList(0, width));
    }
}
