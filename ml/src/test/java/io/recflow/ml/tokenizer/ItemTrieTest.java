package io.recflow.ml.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ItemTrieTest {

    private static final ItemCodes CODES = new ItemCodes(new int[][] {
            {1, 0, 0}, {1, 2, 0}, {0, 2, 1}, {1, 2, 1}, {0, 2, 0}},
            new int[] {2, 3, 2}, List.of("category", "title", "disambiguation"));

    @Test
    void offersOnlyCodesThatLeadToItems() {
        ItemTrie trie = ItemTrie.of(CODES);
        assertArrayEquals(new int[] {0, 1}, trie.allowedNext());
        assertArrayEquals(new int[] {2}, trie.allowedNext(0));
        assertArrayEquals(new int[] {0, 2}, trie.allowedNext(1));
        assertArrayEquals(new int[] {0, 1}, trie.allowedNext(1, 2));
        assertArrayEquals(new int[0], trie.allowedNext(0, 1), "unknown prefix");
        assertArrayEquals(new int[0], trie.allowedNext(1, 2, 1), "complete tuple");
    }

    @Test
    void namesTheItemOfEveryFullTuple() {
        ItemTrie trie = ItemTrie.of(CODES);
        for (int item = 0; item < CODES.itemCount(); item++) {
            assertEquals(item, trie.itemAt(CODES.codes()[item]));
        }
        assertEquals(-1, trie.itemAt(0, 2, 2));
        assertEquals(-1, trie.itemAt(1, 2), "a prefix is not an item");
    }

    @Test
    void nodesWalkTheSameTree() {
        ItemTrie trie = ItemTrie.of(CODES);
        ItemTrie.Node node = trie.root().child(1).child(2);
        assertEquals(2, node.childCount());
        assertEquals(3, node.child(1).item());
        assertEquals(-1, node.item());
        assertNull(trie.root().child(5));
    }

    @Test
    void rejectsItemsSharingATuple() {
        ItemCodes clash = new ItemCodes(new int[][] {{0, 1}, {0, 1}}, new int[] {1, 2}, List.of("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> ItemTrie.of(clash));
    }
}
