package io.recflow.ml.tokenizer;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GivenCodesTest {

    /** Items "10", "11", "12", "13" (catalogue indices 0..3). */
    private static final ItemCatalog CATALOG = catalog("10", "11", "12", "13");

    private static ItemCatalog catalog(String... ids) {
        List<Item> items = new ArrayList<>();
        for (String id : ids) {
            items.add(Item.bare(items.size(), id));
        }
        return new ItemCatalog(items);
    }

    /** A LETTER-style index: 11 and 13 collide on every given level; code numbers are sparse. */
    private static Map<String, List<String>> index() {
        Map<String, List<String>> index = new LinkedHashMap<>();
        index.put("10", List.of("<a_200>", "<b_3>", "<c_9>"));
        index.put("11", List.of("<a_7>", "<b_3>", "<c_0>"));
        index.put("12", List.of("<a_200>", "<b_40>", "<c_0>"));
        index.put("13", List.of("<a_7>", "<b_3>", "<c_0>"));
        return index;
    }

    @Test
    void oneLevelPerTokenPositionWithDenseCodesAndADisambiguationLevel() {
        GivenCodes given = GivenCodes.from(CATALOG, index());
        ItemCodes codes = given.codes();

        assertEquals(List.of("given-1", "given-2", "given-3", "disambiguation"), codes.levelNames());
        assertArrayEquals(new int[] {2, 2, 2, 2}, codes.levelSizes(), "distinct codes per position; 2 items on one tuple");
        // a: 7 -> 0, 200 -> 1; b: 3 -> 0, 40 -> 1; c: 0 -> 0, 9 -> 1
        assertArrayEquals(new int[] {1, 0, 1, 0}, codes.codes()[0]);
        assertArrayEquals(new int[] {0, 0, 0, 0}, codes.codes()[1]);
        assertArrayEquals(new int[] {1, 1, 0, 0}, codes.codes()[2]);
        assertArrayEquals(new int[] {0, 0, 0, 1}, codes.codes()[3], "the second item on a shared tuple gets 1");
        assertEquals(List.of(), given.unknownItems());

        CollisionStats collisions = CollisionStats.of(codes);
        assertEquals(2, collisions.collidingItems());
        assertEquals(0.5, collisions.collisionRate());
    }

    @Test
    void theTrieNamesEveryItemAndOffersOnlyRealItems() {
        ItemCodes codes = GivenCodes.from(CATALOG, index()).codes();
        ItemTrie trie = ItemTrie.of(codes);
        for (int item = 0; item < codes.itemCount(); item++) {
            assertEquals(item, trie.itemAt(codes.codes()[item]));
        }
        assertArrayEquals(new int[] {0}, trie.allowedNext(0), "after a_7 only b_3 leads to an item");
        assertArrayEquals(new int[] {0, 1}, trie.allowedNext(0, 0, 0), "the collision's two items");
        assertEquals(-1, trie.itemAt(0, 1, 0, 0), "a_7 b_40 is no item");
    }

    @Test
    void indexEntriesOutsideTheCatalogueAreIgnoredAndListed() {
        Map<String, List<String>> index = index();
        index.put("99", List.of("<a_1>", "<b_1>", "<c_1>"));
        index.put("98", List.of("<a_500>", "<b_1>", "<c_1>"));
        GivenCodes given = GivenCodes.from(CATALOG, index);
        assertEquals(List.of("98", "99"), given.unknownItems());
        assertEquals(GivenCodes.from(CATALOG, index()).codes(), given.codes(), "unknown items take no codes");
    }

    @Test
    void missingItemsAreCountedAndNamed() {
        Map<String, List<String>> index = index();
        index.remove("11");
        index.remove("13");
        GivenCodesException e = assertThrows(GivenCodesException.class, () -> GivenCodes.from(CATALOG, index));
        assertEquals(List.of(new GivenCodesException.Problem(null, "2 of the catalogue's 4 items have no codes, e.g. 11, 13")),
                e.problems());
    }

    @Test
    void anEntryWithAnotherTokenCountIsNamed() {
        Map<String, List<String>> index = index();
        index.put("12", List.of("<a_200>", "<b_40>"));
        GivenCodesException e = assertThrows(GivenCodesException.class, () -> GivenCodes.from(CATALOG, index));
        assertEquals(List.of(new GivenCodesException.Problem("12", "has 2 tokens, the other items have 3")), e.problems());
    }

    @Test
    void unparsableTokensAndMixedLevelsAreNamedAllAtOnce() {
        Map<String, List<String>> index = index();
        index.put("10", List.of("<a_200>", "b_3", "<c_9>"));
        index.put("12", List.of("<a_200>", "<b_40>", "<b_0>"));
        index.put("13", List.of());
        GivenCodesException e = assertThrows(GivenCodesException.class, () -> GivenCodes.from(CATALOG, index));
        assertEquals(List.of(
                new GivenCodesException.Problem("10", "token 2 'b_3' is not of the form <letters_number>, e.g. <a_12>"),
                new GivenCodesException.Problem("12", "token 3 '<b_0>' belongs to level 'b', but position 3 holds level "
                        + "'c' for other items"),
                new GivenCodesException.Problem("13", "has no tokens")), e.problems());
        assertTrue(e.getMessage().contains("token 2 'b_3'"), e.getMessage());
    }

    @Test
    void manyProblemsStopAtTheLimit() {
        String[] ids = new String[30];
        Map<String, List<String>> index = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "i" + i;
            index.put(ids[i], List.of("<a_x>"));
        }
        GivenCodesException e = assertThrows(GivenCodesException.class, () -> GivenCodes.from(catalog(ids), index));
        assertEquals(20, e.problems().size());
        assertTrue(e.truncated());
    }
}
