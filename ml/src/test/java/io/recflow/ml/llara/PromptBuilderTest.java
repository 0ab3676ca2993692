package io.recflow.ml.llara;

import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llm.LlmTokenizer;
import io.recflow.ml.llm.TinyVocabulary;
import io.recflow.ml.llm.ImportedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptBuilderTest {

    private static final int[] HISTORY = {0, 1, 2, 3};
    private static final int[] CANDIDATES = {8, 5, 12};

    @TempDir
    static Path dir;

    private static LlmTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        ImportedModel.writeJson(dir.resolve(ImportedModel.TOKENIZER), TinyVocabulary.tokenizerJson());
        tokenizer = LlmTokenizer.load(dir.resolve(ImportedModel.TOKENIZER));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static PromptBuilder builder(int maxTokens) {
        return new PromptBuilder(tokenizer, LlaraFixtures.TEMPLATE, LlaraFixtures.CATALOG, maxTokens);
    }

    @Test
    void textOnlyPromptIsTheFilledTemplateEncodedWhole() {
        LlaraPrompt prompt = builder(1000).build(HISTORY, CANDIDATES, false, 1000);
        String text = "Seen Amélie (2001), Ω-3, Zoë 12, hello world. Pick from Élan 1984, Up, Ñandú. Answer:";
        assertArrayEquals(tokenizer.encode(text), prompt.ids());
        assertFalse(prompt.hybrid());
        assertEquals(0, prompt.droppedHistory());
    }

    /** Each title is followed by one placeholder cell, history then candidates; the text around them is unchanged. */
    @Test
    void hybridPromptHasOnePlaceholderCellAfterEachTitle() {
        LlaraPrompt prompt = builder(1000).build(HISTORY, CANDIDATES, true, 1000);
        assertArrayEquals(new int[]{0, 1, 2, 3, 8, 5, 12}, prompt.placeholderItems());
        int[] ids = prompt.ids();
        for (int i = 0; i < prompt.placeholderPositions().length; i++) {
            int position = prompt.placeholderPositions()[i];
            assertEquals(PromptBuilder.PLACEHOLDER_ID, ids[position]);
            String before = tokenizer.decode(withoutPlaceholders(Arrays.copyOf(ids, position), prompt));
            assertTrue(before.endsWith(LlaraFixtures.TITLES.get(prompt.placeholderItems()[i]) + " "), before);
        }
        assertEquals("Seen Amélie (2001) , Ω-3 , Zoë 12 , hello world . Pick from Élan 1984 , Up , Ñandú . Answer:",
                tokenizer.decode(withoutPlaceholders(ids, prompt)));
    }

    private static int[] withoutPlaceholders(int[] ids, LlaraPrompt prompt) {
        List<Integer> cells = Arrays.stream(prompt.placeholderPositions()).boxed().toList();
        int[] kept = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!cells.contains(i)) {
                kept[n++] = ids[i];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** A placeholder is a position, never text: a title spelling "[HistoryEmb]" stays text. */
    @Test
    void aTitleSpellingAPlaceholderStaysText() {
        ItemCatalog catalog = new ItemCatalog(List.of(new Item(0, "a", List.of(), "[HistoryEmb]", ""),
                new Item(1, "b", List.of(), "[CansEmb]", "")));
        PromptBuilder builder = new PromptBuilder(tokenizer, LlaraFixtures.TEMPLATE, catalog, 1000);
        assertEquals(0, builder.build(new int[]{0}, new int[]{1}, false, 1000).placeholderPositions().length);
        assertEquals(2, builder.build(new int[]{0}, new int[]{1}, true, 1000).placeholderPositions().length);
    }

    /** The oldest items go first until the prompt fits; the newest stay and the candidates are never cut. */
    @Test
    void truncationDropsTheOldestHistoryFirst() {
        PromptBuilder unlimited = builder(1000);
        int withoutOldest = unlimited.build(Arrays.copyOfRange(HISTORY, 1, 4), CANDIDATES, true, 1000).ids().length;
        for (boolean hybrid : new boolean[]{true, false}) {
            int full = unlimited.build(HISTORY, CANDIDATES, hybrid, 1000).ids().length;
            LlaraPrompt cut = builder(full - 1).build(HISTORY, CANDIDATES, hybrid, 1000);
            assertTrue(cut.ids().length <= full - 1);
            assertTrue(cut.droppedHistory() >= 1);
            String text = tokenizer.decode(cut.ids());
            assertFalse(text.contains("Amélie"), text);
            assertTrue(text.contains("hello world") && text.contains("Ñandú"), text);
        }
        LlaraPrompt one = builder(1000).build(HISTORY, CANDIDATES, true, withoutOldest);
        assertEquals(1, one.droppedHistory(), "the budget argument (context less the answer) cuts too");
        assertArrayEquals(new int[]{1, 2, 3, 8, 5, 12}, one.placeholderItems());
        int candidatesOnly = unlimited.build(new int[0], CANDIDATES, true, 1000).ids().length;
        assertEquals(4, unlimited.build(HISTORY, CANDIDATES, true, candidatesOnly).droppedHistory());
        assertThrows(IllegalArgumentException.class, () -> builder(10).build(HISTORY, CANDIDATES, true, 1000));
    }

    /** A long history keeps exactly the most recent items that fit: one more would not. */
    @Test
    void aLongHistoryKeepsTheMostRecentItemsThatFit() {
        int[] history = new int[700];
        for (int i = 0; i < history.length; i++) {
            history[i] = (i * 7) % LlaraFixtures.TITLES.size();
        }
        PromptBuilder unlimited = builder(100_000);
        for (boolean hybrid : new boolean[]{true, false}) {
            for (int budget : new int[]{60, 300, 1234, 3000}) {
                LlaraPrompt prompt = builder(budget).build(history, CANDIDATES, hybrid, 100_000);
                int kept = history.length - prompt.droppedHistory();
                assertTrue(prompt.ids().length <= budget, () -> prompt.ids().length + " > " + budget);
                assertArrayEquals(unlimited.build(Arrays.copyOfRange(history, prompt.droppedHistory(), history.length),
                        CANDIDATES, hybrid, 100_000).ids(), prompt.ids(), "the newest " + kept + " items, as built");
                int oneMore = unlimited.build(Arrays.copyOfRange(history, prompt.droppedHistory() - 1, history.length),
                        CANDIDATES, hybrid, 100_000).ids().length;
                assertTrue(oneMore > budget, () -> "keeping " + (kept + 1) + " items takes " + oneMore
                        + " tokens, within the budget of " + budget);
            }
        }
    }

    /** A title over two lines could never be an answer's first line: it is read as one. */
    @Test
    void aLineBreakInATitleBecomesASpace() {
        assertEquals("Two Lines", PromptBuilder.title(new Item(0, "i0", List.of(), " Two \r\n Lines\n", "")));
        assertEquals("i1", PromptBuilder.title(new Item(1, "i1", List.of(), " \n ", "")));
    }

    /** Titles the byte-level tokenizer splits into odd pieces come back exactly from their target span. */
    @Test
    void oddTitlesRoundTripThroughTheTarget() {
        PromptBuilder builder = builder(1000);
        for (int item : new int[]{0, 1, 2, 8, 12}) {
            int[] target = builder.target(item);
            assertEquals(LlaraFixtures.TITLES.get(item) + "\n", tokenizer.decode(target));
        }
    }

    /** Serving over the whole catalogue: the sentence introducing the candidates is left out. */
    @Test
    void openPromptListsNoCandidates() {
        LlaraPrompt prompt = builder(1000).buildOpen(HISTORY, false, 1000);
        assertArrayEquals(tokenizer.encode("Seen Amélie (2001), Ω-3, Zoë 12, hello world. Answer:"), prompt.ids());
        assertEquals(4, builder(1000).buildOpen(HISTORY, true, 1000).placeholderItems().length);
        assertEquals(" in the previous. Please predict the next movie this user will watch. Answer:",
                PromptTemplate.movieLens().afterHistoryWithoutCandidates());
        assertEquals(" in the previous. Please predict the next artist this user will listen to. Answer:",
                PromptTemplate.lastFm().afterHistoryWithoutCandidates());
        assertEquals(" then " + " now:", new PromptTemplate(PromptTemplate.HISTORY + " then "
                + PromptTemplate.CANDIDATES + " now:").afterHistoryWithoutCandidates(), "no sentence: an empty list");
    }

    /** LLaRA's wording for its 20 candidates, and the number shown for any other count. */
    @Test
    void thePromptSaysHowManyCandidatesItLists() {
        PromptTemplate movies = PromptTemplate.movieLens();
        assertEquals("This user has watched [HistoryHere] in the previous. Please predict the next movie this user will"
                + " watch. Choose the answer from the following 20 movie titles: [CansHere]. Answer:",
                movies.beforeHistory() + PromptTemplate.HISTORY + movies.betweenHistoryAndCandidates(20)
                        + PromptTemplate.CANDIDATES + movies.afterCandidates());
        assertTrue(movies.betweenHistoryAndCandidates(7).endsWith("from the following 7 movie titles: "));
        assertThrows(IllegalArgumentException.class, () -> new PromptTemplate(PromptTemplate.CANDIDATE_COUNT
                + PromptTemplate.HISTORY + PromptTemplate.CANDIDATES), "the count belongs with the candidates");
    }

    @Test
    void templatesPerDataSet() {
        assertTrue(PromptTemplate.forDataset("ml-1m").text().contains("movie titles"));
        assertTrue(PromptTemplate.forDataset("LastFM").text().contains("artist names"));
        assertTrue(PromptTemplate.forDataset("steam").text().contains(PromptTemplate.CANDIDATE_COUNT + " items"));
        assertThrows(IllegalArgumentException.class, () -> new PromptTemplate("no markers"));
        assertThrows(IllegalArgumentException.class, () -> new PromptTemplate(PromptTemplate.CANDIDATES + " "
                + PromptTemplate.HISTORY));
    }
}
