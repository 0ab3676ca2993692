package io.recflow.ml.data.synthetic;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenericCsvWriterTest {

    @Test
    void quotesOnlyWhereRfc4180Requires() {
        assertEquals("plain words", GenericCsvWriter.quote("plain words"));
        assertEquals("\"a, b\"", GenericCsvWriter.quote("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", GenericCsvWriter.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", GenericCsvWriter.quote("two\nlines"));
    }

    @Test
    void writesBothFilesWithHeadersAndExternalIds(@TempDir Path dir) throws IOException {
        ItemCatalog catalog = new ItemCatalog(List.of(
                new Item(0, "i1", List.of("Books", "Fantasy"), "The \"Dragon\" Crown", "Wizards, swords."),
                new Item(1, "i2", List.of(), "", "")));
        InteractionDataset data = new InteractionDataset("t", catalog, List.of(
                new UserSequence("u1", new int[] {1, 0}, new long[] {100, 200})));
        GenericCsvWriter.write(data, dir);
        assertEquals(List.of("user,item,timestamp", "u1,i2,100", "u1,i1,200"),
                Files.readAllLines(dir.resolve("interactions.csv")));
        assertEquals(List.of("id,category,title,description",
                "i1,Books > Fantasy,\"The \"\"Dragon\"\" Crown\",\"Wizards, swords.\"", "i2,,,"),
                Files.readAllLines(dir.resolve("items.csv")));
    }

    @Test
    void syntheticCsvParsesBackToTheSameCatalogue(@TempDir Path dir) throws IOException {
        SyntheticDataset synthetic = SyntheticDataset.generate(new SyntheticConfig(60, 20, 5, 10, 3));
        synthetic.writeCsv(dir);
        List<List<String>> rows = parse(Files.readString(dir.resolve("items.csv"), StandardCharsets.UTF_8));
        List<Item> items = synthetic.dataset().catalog().items();
        assertEquals(items.size() + 1, rows.size());
        for (Item item : items) {
            assertEquals(List.of(item.externalId(), String.join(" > ", item.categoryPath()), item.title(),
                    item.description()), rows.get(item.index() + 1));
        }
        long interactions = synthetic.dataset().interactionCount();
        assertEquals(interactions + 1, Files.readAllLines(dir.resolve("interactions.csv")).size());
    }

    /** A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
