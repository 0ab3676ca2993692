package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Readers for the item metadata files of the formats (and the generic items CSV). */
final class ItemFiles {

    /** The 19 genres of MovieLens 100K, in flag order (as in u.genre). */
    static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

    private static final Pattern YEAR_SUFFIX = Pattern.compile("\\((\\d{4})\\)\\s*$");
    private static final Pattern YEAR_END = Pattern.compile("(\\d{4})\\s*$");

    private ItemFiles() {
    }

    /** Reads an item file of any known kind, chosen by its name. */
    static void read(SourceFile file, RawData out, Problems problems, int idShift) {
        readerOf(file).read(file, out, problems, idShift);
        out.filesRead.add(file.uri());
    }

    /** Refuses, by its name and before anything is read, a file that no reader here takes for item metadata. */
    static void requireKnownKind(SourceFile file) {
        readerOf(file);
    }

    /** How one kind of item file is read. */
    @FunctionalInterface
    private interface Reader {
        void read(SourceFile file, RawData out, Problems problems, int idShift);
    }

    /** The reader of {@code file}'s kind, by its name; bad input when there is none. */
    private static Reader readerOf(SourceFile file) {
        String name = file.name().toLowerCase(Locale.ROOT);
        if (name.equals("u.item")) {
            return ItemFiles::movieLens100k;
        } else if (name.equals("movies.dat")) {
            return (f, out, problems, idShift) -> movieLens1m(f, out, problems);
        } else if (name.equals("items_c2f.tsv")) {
            return (f, out, problems, idShift) -> c2f(f, out, problems);
        } else if (name.endsWith(".item.json")) {
            return (f, out, problems, idShift) -> LetterParser.items(f, out, problems);
        } else if (name.endsWith(".csv")) {
            return (f, out, problems, idShift) -> csv(f, out, problems);
        } else if (name.equals("id2name.txt")) {
            return (f, out, problems, idShift) -> id2name(f, out, problems);
        }
        throw new BadInputException(file.uri(), 0, "data.itemsUri", "is not an item file of a known kind:"
                + " expected u.item, movies.dat, items_c2f.tsv, id2name.txt, *.item.json or an items *.csv");
    }

    /** u.item: id|title|release date|video release date|IMDb URL|19 genre flags, ISO-8859-1. */
    static void movieLens100k(SourceFile file, RawData out, Problems problems, int idShift) {
        TextLines.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            String[] f = Fields.split(line, '|');
            if (f.length != 5 + ML100K_GENRES.size()) {
                problems.add(file.uri(), n, null, "expected 24 '|'-separated fields (id, title, release date,"
                        + " video release date, IMDb URL, 19 genre flags), found " + f.length);
                return;
            }
            String id = Fields.intId(f[0], problems, file.uri(), n, "movie id");
            List<String> genres = new ArrayList<>();
            boolean ok = id != null;
            for (int g = 0; g < ML100K_GENRES.size(); g++) {
                String flag = f[5 + g].trim();
                if (flag.equals("1")) {
                    if (g > 0) {
                        genres.add(ML100K_GENRES.get(g));
                    }
                } else if (!flag.equals("0")) {
                    problems.add(file.uri(), n, "genre " + ML100K_GENRES.get(g) + " (field " + (6 + g) + ")",
                            "expected 0 or 1, found " + Fields.quote(flag));
                    ok = false;
                }
            }
            if (!ok) {
                return;
            }
            String itemId = idShift == 0 ? id : Long.toString(Long.parseLong(id) + idShift);
            out.putItem(itemId, new ItemMeta(genres, f[1], year(f[2], YEAR_END)), problems, file.uri(), n,
                    "movie id");
        });
    }

    /** movies.dat: MovieID::Title::Genres (pipe-separated), ISO-8859-1. */
    static void movieLens1m(SourceFile file, RawData out, Problems problems) {
        TextLines.forEachLine(file, StandardCharsets.ISO_8859_1, (line, n) -> {
            int first = line.indexOf("::");
            int last = line.lastIndexOf("::");
            if (first < 0 || first == last) {
                problems.add(file.uri(), n, null, "expected 3 '::'-separated fields (MovieID, Title, Genres)");
                return;
            }
            String id = Fields.intId(line.substring(0, first), problems, file.uri(), n, "MovieID");
            if (id == null) {
                return;
            }
            String title = line.substring(first + 2, last);
            List<String> genres = genres(line.substring(last + 2));
            out.putItem(id, new ItemMeta(genres, title, year(title, YEAR_SUFFIX)), problems, file.uri(), n,
                    "MovieID");
        });
    }

    /** items_c2f.tsv: item_id, genres (pipe-joined), title, release_year, with a header. */
    static void c2f(SourceFile file, RawData out, Problems problems) {
        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8)) {
            String header = lines.next();
            if (header == null) {
                throw new BadInputException(file.uri(), 1, null, "is empty (expected a header item_id, genres, title,"
                        + " release_year)");
            }
            Map<String, Integer> cols = columns(Fields.split(header, '\t'));
            Integer id = cols.get("itemid");
            if (id == null) {
                throw new BadInputException(file.uri(), 1, "item_id", "missing required column; header found: "
                        + Fields.header(List.of(Fields.split(header, '\t'))));
            }
            Integer genres = cols.get("genres");
            Integer title = cols.get("title");
            Integer year = cols.get("releaseyear");
            refuseSameNames(List.of(Fields.split(header, '\t')), problems, file.uri(), 1, id, genres, title, year);
            problems.throwIfAny();
            int width = Fields.split(header, '\t').length;
            lines.forEachRemaining((line, n) -> {
                String[] f = Fields.split(line, '\t');
                if (f.length != width) {
                    problems.add(file.uri(), n, null, "expected " + width + " tab-separated fields as in the header,"
                            + " found " + f.length);
                    return;
                }
                String itemId = Fields.intId(f[id], problems, file.uri(), n, "item_id");
                if (itemId == null) {
                    return;
                }
                out.putItem(itemId, new ItemMeta(genres == null ? List.of() : genres(f[genres]),
                        title == null ? "" : f[title], year == null ? "" : f[year]), problems, file.uri(), n,
                        "item_id");
            });
        }
    }

    /** id2name.txt (iLoRA LastFM): id::name, UTF-8. */
    static void id2name(SourceFile file, RawData out, Problems problems) {
        TextLines.forEachLine(file, StandardCharsets.UTF_8, (line, n) -> {
            int sep = line.indexOf("::");
            if (sep < 0) {
                problems.add(file.uri(), n, null, "expected 'id::name'");
                return;
            }
            String id = Fields.id(line.substring(0, sep), problems, file.uri(), n, "id");
            if (id != null) {
                out.putItem(id, new ItemMeta(List.of(), line.substring(sep + 2), ""), problems, file.uri(), n,
                        "id");
            }
        });
    }

    /**
     * The generic items CSV: id, category ("A > B") or genres ("A|B", as MovieLens' movies.csv), title,
     * description; a header is required.
     */
    static void csv(SourceFile file, RawData out, Problems problems) {
        try (CsvReader csv = new CsvReader(file)) {
            CsvReader.Row header = csv.next();
            if (header == null) {
                throw new BadInputException(file.uri(), 1, null,
                        "is empty (expected a header id,category,title,description)");
            }
            Map<String, Integer> cols = columns(header.fields());
            Integer id = first(cols, ITEM_ID);
            if (id == null) {
                throw new BadInputException(file.uri(), header.line(), "id",
                        "missing required column; header found: " + Fields.header(header.fields()));
            }
            Integer category = first(cols, CATEGORY);
            Integer genres = category == null ? first(cols, GENRES) : null;  // MovieLens' movies.csv: "A|B"
            Integer title = first(cols, TITLE);
            Integer description = first(cols, DESCRIPTION);
            refuseSameNames(header.fields(), problems, file.uri(), header.line(), id, category, genres, title,
                    description);
            problems.throwIfAny();
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                List<String> f = row.fields();
                if (f.size() != header.fields().size()) {
                    problems.add(file.uri(), row.line(), null, "expected " + header.fields().size()
                            + " fields as in the header " + Fields.header(header.fields()) + ", found " + f.size());
                    continue;
                }
                String itemId = Fields.id(f.get(id), problems, file.uri(), row.line(), header.fields().get(id));
                if (itemId == null) {
                    continue;
                }
                List<String> path = category != null ? categoryPath(f.get(category))
                        : genres != null ? genres(f.get(genres)) : List.of();
                out.putItem(itemId, new ItemMeta(path,
                        title == null ? "" : f.get(title), description == null ? "" : f.get(description)),
                        problems, file.uri(), row.line(), header.fields().get(id));
            }
        }
    }

    /** "A > B > C" as a path. */
    static List<String> categoryPath(String text) {
        List<String> path = new ArrayList<>();
        for (String part : text.split(">")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                path.add(p);
            }
        }
        return path;
    }

    static List<String> genres(String text) {
        List<String> out = new ArrayList<>();
        for (String g : Fields.split(text, '|')) {
            String s = g.strip();
            if (!s.isEmpty() && !s.equals("(no genres listed)") && !s.equalsIgnoreCase("unknown")) {
                out.add(s);
            }
        }
        return out;
    }

    private static String year(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    /**
     * Header names normalised: lower case, without spaces, '_' or '-'; the first occurrence wins (a parser refuses
     * two columns of one name it reads: {@link #sameNameAs}).
     */
    /** The generic items CSV's columns, each by its {@link #normalise normalised} names. */
    static final String[] ITEM_ID = {"id", "item", "itemid", "movieid"};
    static final String[] CATEGORY = {"category", "categories", "categorypath"};
    static final String[] GENRES = {"genres"};
    static final String[] TITLE = {"title", "name"};
    static final String[] DESCRIPTION = {"description"};

    /** Whether a CSV header is an items CSV's: an id and something about the items (not, e.g., a users CSV). */
    static boolean isItemsHeader(List<String> header) {
        Map<String, Integer> cols = columns(header);
        return first(cols, ITEM_ID) != null && (first(cols, CATEGORY) != null || first(cols, GENRES) != null
                || first(cols, TITLE) != null || first(cols, DESCRIPTION) != null);
    }

    static Map<String, Integer> columns(String[] header) {
        return columns(List.of(header));
    }

    static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> cols = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            cols.putIfAbsent(normalise(header.get(i)), i);
        }
        return cols;
    }

    /** Another column whose name normalises as column {@code column}'s does; none when {@code column} is null. */
    static Optional<Integer> sameNameAs(List<String> header, Integer column) {
        if (column == null) {
            return Optional.empty();
        }
        String name = normalise(header.get(column));
        return IntStream.range(0, header.size()).filter(i -> i != column && normalise(header.get(i)).equals(name))
                .boxed().findFirst();
    }

    /** Reports each of the {@code used} columns (null: absent) whose name another column of the header also has. */
    static void refuseSameNames(List<String> header, Problems problems, String file, long line, Integer... used) {
        for (Integer column : used) {
            sameNameAs(header, column).ifPresent(other -> problems.add(file, line, header.get(column), "columns "
                    + (column + 1) + " and " + (other + 1) + " (" + Fields.quote(header.get(column)) + ", "
                    + Fields.quote(header.get(other)) + ") have the same name; which one is meant is unclear:"
                    + " keep one"));
        }
    }

    static String normalise(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
    }

    static Integer first(Map<String, Integer> cols, String... names) {
        for (String n : names) {
            Integer i = cols.get(n);
            if (i != null) {
                return i;
            }
        }
        return null;
    }
}
