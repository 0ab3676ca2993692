package io.recflow.ml.llm;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConstrainedBeamSearchTest {

    private static final int[] PROMPT = {5, 17, 101, 3};
    private static final IntPredicate NOTHING = value -> false;
    /** Value 3 spells a prefix of value 4; values 5 and 6 share a sequence. */
    private static final int[][] SEQUENCES = {{40, 41, 42}, {40, 43}, {50}, {60, 61}, {60, 61, 62, 63}, {70, 71},
            {70, 71}, {80, 81, 82, 83, 84}};

    @TempDir
    static Path dir;

    private static LlamaModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LlamaModel.load(TinyLlama.writeImported(dir, 7), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theTrieAllowsOnlyItsSequences() {
        TokenTrie trie = TokenTrie.of(SEQUENCES);
        assertEquals(Set.of(40, 50, 60, 70, 80), toSet(trie.tokens()));
        assertNull(trie.next(41));
        TokenTrie sixtyOne = trie.next(60).next(61);
        assertEquals(List.of(3), sixtyOne.values());
        assertTrue(sixtyOne.continues());
        assertEquals(List.of(5, 6), trie.next(70).next(71).values());
        assertThrows(IllegalArgumentException.class, () -> TokenTrie.of(new int[][]{{1}, {}}));
    }

    @Test
    void withBeamsForEverySequenceItScoresThemAllExactly() {
        List<ConstrainedBeamSearch.Match> matches = new ConstrainedBeamSearch(model).search(PROMPT, Conditioning.NONE,
                TokenTrie.of(SEQUENCES), SEQUENCES.length, NOTHING);
        double[] expected = new ContinuationScorer(model).logProbabilities(PROMPT, SEQUENCES);
        assertEquals(SEQUENCES.length, matches.size());
        assertEquals(SEQUENCES.length, matches.stream().map(ConstrainedBeamSearch.Match::value).distinct().count());
        for (int i = 0; i < matches.size(); i++) {
            ConstrainedBeamSearch.Match m = matches.get(i);
            assertEquals(expected[m.value()], m.logProbability(), 1e-4, "value " + m.value());
            if (i > 0) {
                assertTrue(matches.get(i - 1).logProbability() >= m.logProbability());
            }
        }
    }

    @Test
    void narrowBeamsReturnThatManyAllowedValuesBestFirst() {
        List<ConstrainedBeamSearch.Match> matches = new ConstrainedBeamSearch(model).search(PROMPT, Conditioning.NONE,
                TokenTrie.of(SEQUENCES), 2, NOTHING);
        double[] expected = new ContinuationScorer(model).logProbabilities(PROMPT, SEQUENCES);
        assertEquals(2, matches.size());
        assertTrue(matches.get(0).logProbability() >= matches.get(1).logProbability());
        for (ConstrainedBeamSearch.Match m : matches) {
            assertEquals(expected[m.value()], m.logProbability(), 1e-4);
        }
    }

    /** Values left out never match, and their places among the beams go to the others. */
    @Test
    void leftOutValuesTakeNoPlaceAmongTheBeams() {
        List<ConstrainedBeamSearch.Match> all = new ConstrainedBeamSearch(model).search(PROMPT, Conditioning.NONE,
                TokenTrie.of(SEQUENCES), SEQUENCES.length, NOTHING);
        // The best value, and 3, whose sequence is a prefix of 4's (which stays allowed).
        Set<Integer> leftOut = Set.of(all.get(0).value(), 3);
        List<ConstrainedBeamSearch.Match> expected = all.stream().filter(m -> !leftOut.contains(m.value())).toList();
        List<ConstrainedBeamSearch.Match> matches = new ConstrainedBeamSearch(model).search(PROMPT, Conditioning.NONE,
                TokenTrie.of(SEQUENCES), SEQUENCES.length - leftOut.size(), leftOut::contains);
        assertEquals(expected.stream().map(ConstrainedBeamSearch.Match::value).toList(),
                matches.stream().map(ConstrainedBeamSearch.Match::value).toList());
        for (int i = 0; i < matches.size(); i++) {
            assertEquals(expected.get(i).logProbability(), matches.get(i).logProbability(), 1e-4);
        }
        assertTrue(matches.stream().anyMatch(m -> m.value() == 4), "a left-out value's longer sibling is found");
    }

    private static Set<Integer> toSet(Iterable<Integer> tokens) {
        return java.util.stream.StreamSupport.stream(tokens.spliterator(), false).collect(Collectors.toSet());
    }
}
