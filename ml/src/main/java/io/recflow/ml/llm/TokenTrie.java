package io.recflow.ml.llm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prefix tree of allowed token sequences, each ending at a node that names the values it spells
 * (e.g. the items whose title tokenizes to that sequence: several items may share a title). What
 * {@link ConstrainedBeamSearch} may generate: only paths of the tree. A sequence may be a prefix of
 * another, so a node can both end sequences and continue.
 */
public final class TokenTrie {

    private final Map<Integer, TokenTrie> children = new HashMap<>();
    private final List<Integer> values = new ArrayList<>();

    /** The trie of {@code sequences}; sequence i names value i. Empty sequences are refused: nothing could name them. */
    public static TokenTrie of(int[][] sequences) {
        TokenTrie root = new TokenTrie();
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i].length == 0) {
                throw new IllegalArgumentException("sequence " + i + " is empty");
            }
            TokenTrie node = root;
            for (int token : sequences[i]) {
                node = node.children.computeIfAbsent(token, t -> new TokenTrie());
            }
            node.values.add(i);
        }
        return root;
    }

    /** The node after {@code token}, or null when no allowed sequence continues with it. */
    public TokenTrie next(int token) {
        return children.get(token);
    }

    /** The tokens that continue an allowed sequence from here. */
    public Iterable<Integer> tokens() {
        return children.keySet();
    }

    public boolean continues() {
        return !children.isEmpty();
    }

    /** The values whose sequence ends here, in the order given; empty for an inner node. */
    public List<Integer> values() {
        return Collections.unmodifiableList(values);
    }
}
