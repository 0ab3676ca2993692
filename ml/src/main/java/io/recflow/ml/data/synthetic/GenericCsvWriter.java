package io.recflow.ml.data.synthetic;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.UserSequence;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a data set in recflow's generic CSV format: {@code interactions.csv} with header
 * {@code user,item,timestamp} (external ids, epoch seconds, users in order, each user's events in
 * time order) and {@code items.csv} with header {@code id,category,title,description} (category
 * path joined with {@code " > "}). Fields are quoted as RFC 4180 asks (only when they hold a comma,
 * quote or line break; quotes doubled); lines end with {@code \n}. UTF-8.
 */
public final class GenericCsvWriter {

    public static final String INTERACTIONS_FILE = "interactions.csv";
    public static final String ITEMS_FILE = "items.csv";

    private GenericCsvWriter() {
    }

    public static void write(InteractionDataset dataset, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Writer out = Files.newBufferedWriter(directory.resolve(INTERACTIONS_FILE), StandardCharsets.UTF_8)) {
            out.write("user,item,timestamp\n");
            for (UserSequence sequence : dataset.sequences()) {
                String user = quote(sequence.user());
                for (int t = 0; t < sequence.length(); t++) {
                    String item = quote(dataset.catalog().get(sequence.items()[t]).externalId());
                    out.write(user + ',' + item + ',' + sequence.timestamps()[t] + '\n');
                }
            }
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve(ITEMS_FILE), StandardCharsets.UTF_8)) {
            out.write("id,category,title,description\n");
            for (Item item : dataset.catalog().items()) {
                out.write(quote(item.externalId()) + ',' + quote(String.join(" > ", item.categoryPath())) + ','
                        + quote(item.title()) + ',' + quote(item.description()) + '\n');
            }
        }
    }

    static String quote(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0
                || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
