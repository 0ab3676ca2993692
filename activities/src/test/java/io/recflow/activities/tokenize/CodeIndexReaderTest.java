package io.recflow.activities.tokenize;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.datasets.DatasetIngestor;
import io.recflow.activities.input.InputProblem;
import io.recflow.activities.datasets.SourceResolver;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.tokenizer.GivenCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A LETTER-style index read from disk, matched against the catalogue that ingest made of the same folder. */
class CodeIndexReaderTest {

    /** Three users over items 0..4, as LETTER's *.inter.json writes them (integer item ids). */
    private static final String INTER = """
            {"0": [0, 1, 2], "1": [2, 3, 4, 0], "2": [1, 4, 3]}
            """;
    /** Items 1 and 3 share a tuple; item 7 is not in the interactions. */
    private static final String INDEX = """
            {"0": ["<a_5>", "<b_1>"], "1": ["<a_9>", "<b_0>"], "2": ["<a_5>", "<b_0>"],
             "3": ["<a_9>", "<b_0>"], "4": ["<a_0>", "<b_1>"], "7": ["<a_1>", "<b_1>"]}
            """;

    @TempDir
    Path dir;
    CodeIndexReader reader;
    ItemCatalog catalog;

    @BeforeEach
    void setUp() throws IOException {
        SourceResolver resolver = new SourceResolver(List.of(dir), List.of(), null);
        reader = new CodeIndexReader(resolver);
        write("letter/Tiny.inter.json", INTER);
        catalog = new DatasetIngestor(resolver).ingest(uri("letter"), "letter", null, 3).dataset().catalog();
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    private BadInputException badIndex(String text) throws IOException {
        write("bad.index.json", text);
        return assertThrows(BadInputException.class, () -> reader.read(uri("bad.index.json")).codesFor(catalog));
    }

    @Test
    void theIndexKeysNameTheItemsIngestMadeOfTheInteractions() throws IOException {
        write("letter/Tiny.index.json", INDEX);
        CodeIndex index = reader.read(uri("letter/Tiny.index.json"));
        GivenCodes given = index.codesFor(catalog);

        assertArrayEquals(Files.readAllBytes(dir.resolve("letter/Tiny.index.json")), index.content());
        assertEquals(List.of("given-1", "given-2", "disambiguation"), given.codes().levelNames());
        assertArrayEquals(new int[] {3, 2, 2}, given.codes().levelSizes());
        assertEquals(List.of("7"), given.unknownItems());
        int item1 = catalog.indexOf("1").orElseThrow();
        int item3 = catalog.indexOf("3").orElseThrow();
        assertEquals(given.codes().codes()[item1][0], given.codes().codes()[item3][0]);
        assertEquals(1, Math.abs(given.codes().codes()[item1][2] - given.codes().codes()[item3][2]),
                "the shared tuple is told apart by the disambiguation level");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        BadInputException e = badIndex("{\"0\": [\"<a_5>\", \"<b_1>\"],\n \"1\": [\"<a_9>\" \"<b_0>\"]}");
        InputProblem p = e.problems().get(0);
        assertEquals(uri("bad.index.json"), p.file());
        assertEquals(2, p.line());
        assertTrue(p.message().startsWith("malformed JSON: "), p.message());
    }

    @Test
    void anEntryThatIsNotATokenArrayNamesTheItem() throws IOException {
        assertEquals(new InputProblem(uri("bad.index.json"), 1, "1",
                        "expected an array of tokens such as [\"<a_12>\", \"<b_200>\"], found a string"),
                badIndex("{\"0\": [\"<a_5>\"], \"1\": \"<a_9>\"}").problems().get(0));
        assertEquals(new InputProblem(uri("bad.index.json"), 1, "0", "tokens must be strings such as \"<a_12>\", found a number"),
                badIndex("{\"0\": [5, 1]}").problems().get(0));
        assertEquals(new InputProblem(uri("bad.index.json"), 1, null,
                        "expected a JSON object {\"item\": [\"<a_12>\", \"<b_200>\", ...]} at the top"),
                badIndex("[[\"<a_5>\"]]").problems().get(0));
    }

    @Test
    void itemsWithoutCodesAndBadTokensNameTheFileAndTheItems() throws IOException {
        BadInputException e = badIndex("""
                {"0": ["<a_5>", "<b_1>"], "1": ["<a_9>", "<b_0>", "<c_3>"], "2": ["<a_5>", "b0"]}
                """);
        String file = uri("bad.index.json");
        assertEquals(List.of(
                new InputProblem(file, 0, null, "2 of the catalogue's 5 items have no codes, e.g. 3, 4"),
                new InputProblem(file, 0, "1", "has 3 tokens, the other items have 2"),
                new InputProblem(file, 0, "2", "token 2 'b0' is not of the form <letters_number>, e.g. <a_12>")),
                e.problems());
        assertTrue(e.getMessage().contains(file + ": field '1': has 3 tokens"), e.getMessage());
    }

    @Test
    void theAllowedRootsApplyAsForData(@TempDir Path elsewhere) throws IOException {
        Path outside = Files.writeString(elsewhere.resolve("codes.json"), INDEX);
        BadInputException e = assertThrows(BadInputException.class, () -> reader.read(outside.toUri().toString()));
        assertTrue(e.getMessage().contains("is outside the allowed roots"), e.getMessage());
    }
}
