package io.recflow.ml.tokenizer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The prefix tree of a catalogue's code tuples. Generative decoding walks it so that every step only
 * offers codes that still lead to a real item, and the finished tuple names exactly one item.
 * Immutable once built.
 */
public final class ItemTrie {

    private final Node root;
    private final int levels;

    private ItemTrie(Node root, int levels) {
        this.root = root;
        this.levels = levels;
    }

    /** Builds the trie; fails when two items share a tuple (the tokenizer's disambiguation level prevents that). */
    public static ItemTrie of(ItemCodes codes) {
        int[][] tuples = codes.codes();
        Integer[] order = IntStream.range(0, tuples.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparing(i -> tuples[i], Arrays::compare));
        int[] sorted = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        return new ItemTrie(build(tuples, sorted, 0, sorted.length, 0, codes.levels()), codes.levels());
    }

    /** Builds the node for items {@code sorted[from..to)}, which share their first {@code level} codes. */
    private static Node build(int[][] tuples, int[] sorted, int from, int to, int level, int levels) {
        if (level == levels) {
            if (to - from > 1) {
                throw new IllegalArgumentException("items " + sorted[from] + " and " + sorted[from + 1]
                        + " share the code tuple " + Arrays.toString(tuples[sorted[from]]));
            }
            return new Node(new int[0], new Node[0], sorted[from]);
        }
        int groups = 0;
        for (int i = from; i < to; i++) {
            if (i == from || tuples[sorted[i]][level] != tuples[sorted[i - 1]][level]) {
                groups++;
            }
        }
        int[] codes = new int[groups];
        Node[] children = new Node[groups];
        int group = 0;
        int start = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || tuples[sorted[i]][level] != tuples[sorted[start]][level]) {
                codes[group] = tuples[sorted[start]][level];
                children[group] = build(tuples, sorted, start, i, level + 1, levels);
                group++;
                start = i;
            }
        }
        return new Node(codes, children, -1);
    }

    public Node root() {
        return root;
    }

    /** Codes per tuple. */
    public int levels() {
        return levels;
    }

    /** The codes that may follow {@code prefix} (ascending); empty when the prefix is unknown or complete. */
    public int[] allowedNext(int... prefix) {
        Node node = walk(prefix);
        return node == null ? new int[0] : node.codes();
    }

    /** The item whose full tuple is {@code codes}, or -1 when there is none. */
    public int itemAt(int... codes) {
        if (codes.length != levels) {
            return -1;
        }
        Node node = walk(codes);
        return node == null ? -1 : node.item();
    }

    private Node walk(int[] prefix) {
        Node node = root;
        for (int i = 0; i < prefix.length && node != null; i++) {
            node = node.child(prefix[i]);
        }
        return node;
    }

    /** A prefix in the trie: its child codes, ascending, and at full depth the item it names. */
    public static final class Node {

        private final int[] codes;
        private final Node[] children;
        private final int item;
        private final int items;

        private Node(int[] codes, Node[] children, int item) {
            this.codes = codes;
            this.children = children;
            this.item = item;
            this.items = children.length == 0 ? 1 : Arrays.stream(children).mapToInt(c -> c.items).sum();
        }

        /** How many items this prefix leads to. */
        public int items() {
            return items;
        }

        /** The allowed next codes, ascending (a copy). */
        public int[] codes() {
            return codes.clone();
        }

        public int childCount() {
            return codes.length;
        }

        /** The {@code i}-th allowed next code, in ascending order. */
        public int codeAt(int i) {
            return codes[i];
        }

        /** The node after {@code code}, or null when no item continues that way. */
        public Node child(int code) {
            int i = Arrays.binarySearch(codes, code);
            return i < 0 ? null : children[i];
        }

        /** The {@code i}-th child, in the order of {@link #codeAt}. */
        public Node childAt(int i) {
            return children[i];
        }

        /** The item this full tuple names, or -1 above the last level. */
        public int item() {
            return item;
        }
    }
}
