package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.nio.charset.StandardCharsets;

/**
 * MovieLens: 100K ({@code u.data}: user, item, rating, timestamp, tab-separated; items from
 * {@code u.item} or else {@code items_c2f.tsv}) and 1M/10M ({@code ratings.dat}: {@code ::}-separated;
 * items from {@code movies.dat}). Item category path = the genres; title = the title; description =
 * the release year (the "year" level of the coarse-to-fine tokenizer). Ratings are validated, not kept.
 */
final class MovieLensParser implements FormatParser {

    @Override
    public void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems) {
        SourceFile data;
        if (location.isFolder()) {
            boolean k100 = location.has("u.data");
            boolean m1 = location.has("ratings.dat");
            if (k100 && m1) {
                throw new BadInputException(location.uri(), 0, null,
                        "holds both u.data (MovieLens 100K) and ratings.dat (MovieLens 1M); point the URI at one file");
            }
            if (!k100 && !m1) {
                throw new BadInputException(location.uriOf("u.data"), 0, null, "missing file: format movielens needs "
                        + DataFormat.MOVIELENS.files() + "; files here: " + location.fileNames());
            }
            data = location.file(k100 ? "u.data" : "ratings.dat");
            if (readOwnItems) {
                for (String name : k100 ? new String[] {"u.item", "items_c2f.tsv"} : new String[] {"movies.dat"}) {
                    if (location.has(name)) {
                        ItemFiles.read(location.file(name), out, problems, 0);
                        break;
                    }
                }
                if (out.items.isEmpty()) {
                    out.notes.add("no item file (" + (k100 ? "u.item or items_c2f.tsv" : "movies.dat")
                            + ") next to the ratings: items have ids only");
                }
            }
        } else {
            data = location.single();
        }
        ratings(data, Double.NEGATIVE_INFINITY, out, problems);
    }

    /** Reads {@code u.data} / {@code ratings.dat}, keeping the interactions rated at least {@code minRating}. */
    static void ratings(SourceFile file, double minRating, RawData out, Problems problems) {
        out.filesRead.add(file.uri());
        String[] sep = {null}; // "::" or tab, decided by the first line
        TextLines.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            if (sep[0] == null) {
                sep[0] = line.contains("::") ? "::" : "\t";
            }
            boolean tab = sep[0].equals("\t");
            String[] f = tab ? Fields.split(line, '\t') : Fields.split(line, sep[0]);
            if (f.length != 4) {
                problems.add(file.uri(), n, null, "expected 4 " + (tab ? "tab" : "'::'")
                        + "-separated fields (user, item, rating, timestamp), found " + f.length);
                return;
            }
            String user = Fields.intId(f[0], problems, file.uri(), n, "user");
            String item = Fields.intId(f[1], problems, file.uri(), n, "item");
            Fields.number(f[2], problems, file.uri(), n, "rating");
            long ts = Fields.integer(f[3], problems, file.uri(), n, "timestamp");
            if (user != null && item != null && ts != Long.MIN_VALUE && problems.isEmpty()
                    && Double.parseDouble(f[2].trim()) >= minRating) {
                out.events.add(user, item, ts);
            }
        });
    }
}
