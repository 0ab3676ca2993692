package io.recflow.ml.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.recflow.ml.recommend.ScoredItem;
import io.recflow.ml.tokenizer.ItemTrie;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    BeamSearch(IncrementalDecoder decoder, ItemTrie trie) {
        this.decoder = decoder;
        this.trie = trie;
    }

    private record Beam(int[] codes, ItemTrie.Node node, double score) {

        Beam extend(int child, float logProbability) {
            int[] next = Arrays.copyOf(codes, codes.length + 1);
            next[codes.length] = node.codeAt(child);
            return new Beam(next, node.childAt(child), score + logProbability);
        }
    }

    /** The best {@code min(k, width)} items per history, best first, with their log-probabilities. */
    List<List<ScoredItem>> search(NDManager manager, int[][] histories, float[][] gateInputs, int width, int k) {
        IncrementalDecoder.History history = decoder.encode(manager, histories, gateInputs);
        int users = histories.length;
        List<List<Beam>> beams = new ArrayList<>(users);
        Beam start = new Beam(new int[0], trie.root(), 0);
        float[][] first = decoder.logProbabilities(history.last(), 0);
        for (int u = 0; u < users; u++) {
            beams.add(best(expand(List.of(start), first, u), width));
        }
        for (int level = 1; level < trie.levels(); level++) {
            int rowsPerUser = beams.stream().mapToInt(List::size).max().orElse(0);
            int[][] prefixes = new int[users * rowsPerUser][];
            for (int u = 0; u < users; u++) {
                List<Beam> own = beams.get(u);
                for (int i = 0; i < rowsPerUser; i++) {
                    // Users with fewer beams repeat their first; those rows are computed but never read.
                    prefixes[u * rowsPerUser + i] = own.get(i < own.size() ? i : 0).codes();
                }
            }
            NDArray hidden = decoder.continueWith(manager, history, rowsPerUser, prefixes);
            float[][] next = decoder.logProbabilities(hidden.get(new NDIndex(":, -1, :")), level);
            for (int u = 0; u < users; u++) {
                beams.set(u, best(expand(beams.get(u), next, u * rowsPerUser), width));
            }
        }
        List<List<ScoredItem>> results = new ArrayList<>(users);
        for (List<Beam> finished : beams) {
            results.add(finished.stream().limit(k).map(b -> new ScoredItem(b.node().item(), b.score())).toList());
        }
        return results;
    }

    /** Every allowed one-code extension of {@code beams}, whose log-probabilities are rows {@code firstRow + i}. */
    private static List<Beam> expand(List<Beam> beams, float[][] logProbabilities, int firstRow) {
        List<Beam> extended = new ArrayList<>();
        for (int i = 0; i < beams.size(); i++) {
            Beam beam = beams.get(i);
            float[] row = logProbabilities[firstRow + i];
            for (int c = 0; c < beam.node().childCount(); c++) {
                extended.add(beam.extend(c, row[beam.node().codeAt(c)]));
            }
        }
        return extended;
    }

    private static List<Beam> best(List<Beam> beams, int width) {
        beams.sort(BEST_FIRST);
        return beams.size() <= width ? beams : new ArrayList<>(beams.subList(0, width));
    }
}
