package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generic CSV (RFC 4180, UTF-8): a header with the columns {@code user}, {@code item},
 * {@code timestamp} (aliases: user_id/userId, item_id/itemId/movieId, ts/time) and optionally
 * {@code rating}; other columns are ignored. Timestamps are integers, taken as they are, or ISO-8601
 * date-times, as epoch milliseconds; not both in one data set ({@link TimestampForms}). In a folder: the one CSV
 * with those columns, plus at most one items CSV ({@code id} or {@code movieId}, and {@code title}, {@code
 * category} (a path written "A > B") or {@code genres} ("A|B"), {@code description}); other CSVs are ignored,
 * and the run's notes say so.
 */
final class CsvParser implements FormatParser {

    static final String NO_ITEMS_CSV_NOTE = "no items CSV (an id and a title, category, genres or description):"
            + " items have ids only";

    @Override
    public void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems) {
        SourceFile data;
        if (location.isFolder()) {
            List<String> interactions = new ArrayList<>();
            List<String> items = new ArrayList<>();
            List<String> ignored = new ArrayList<>();
            for (String name : location.fileNames()) {
                if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                List<String> header = FormatDetector.csvHeader(location.file(name));
                if (FormatDetector.isInteractionHeader(header)) {
                    interactions.add(name);
                } else if (header != null && ItemFiles.isItemsHeader(header)) {
                    items.add(name);
                } else {
                    ignored.add(name);
                }
            }
            if (interactions.isEmpty()) {
                throw new BadInputException(location.uri(), 0, null, "missing file: format csv needs "
                        + DataFormat.CSV.files() + "; files here: " + location.fileNames());
            }
            if (interactions.size() > 1) {
                throw new BadInputException(location.uri(), 0, null, "holds several interaction CSVs " + interactions
                        + "; point the URI at one of them");
            }
            if (items.size() > 1 && readOwnItems) {
                throw new BadInputException(location.uri(), 0, null, "holds several item CSVs " + items
                        + "; name one with data.itemsUri");
            }
            data = location.file(interactions.get(0));
            if (readOwnItems && items.size() == 1) {
                ItemFiles.read(location.file(items.get(0)), out, problems, 0);
            } else if (readOwnItems) {
                out.notes.add(NO_ITEMS_CSV_NOTE);
            }
            if (!ignored.isEmpty()) {
                out.notes.add("ignored " + ignored + ": neither interactions (user,item,timestamp) nor items (an id"
                        + " and a title, category, genres or description)");
            }
        } else {
            data = location.single();
        }
        interactions(data, out, problems);
    }

    private static List<PlainCsvRows.Part> plainRows(SourceFile file, PlainCsvRows.Columns columns) {
        try {
            return PlainCsvRows.read(file.path(), columns, PlainCsvRows.partsFor(file.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    /** The rows after the header: as plain bytes when the file is plain (fast), else through {@link CsvReader}. */
    private static void interactions(SourceFile file, RawData out, Problems problems) {
        out.filesRead.add(file.uri());
        try (CsvReader csv = new CsvReader(file)) {
            CsvReader.Row header = csv.next();
            if (header == null) {
                throw new BadInputException(file.uri(), 1, null, "is empty (expected a header user,item,timestamp)");
            }
            Map<String, Integer> cols = ItemFiles.columns(header.fields());
            Integer user = ItemFiles.first(cols, "user", "userid");
            Integer item = ItemFiles.first(cols, "item", "itemid", "movieid");
            Integer ts = ItemFiles.first(cols, "timestamp", "ts", "time");
            Integer rating = ItemFiles.first(cols, "rating");
            for (Object[] required : new Object[][] {{"user", user}, {"item", item}, {"timestamp", ts}}) {
                if (required[1] == null) {
                    problems.add(file.uri(), header.line(), (String) required[0],
                            "missing required column; header found: " + Fields.header(header.fields())
                                    + " (needs user,item,timestamp[,rating])");
                }
            }
            ItemFiles.refuseSameNames(header.fields(), problems, file.uri(), header.line(), user, item, ts, rating);
            problems.throwIfAny();
            int width = header.fields().size();
            List<PlainCsvRows.Part> plain = plainRows(file, new PlainCsvRows.Columns(width, user, item, ts,
                    rating == null ? -1 : rating));
            if (plain != null) {
                if (plain.stream().anyMatch(p -> p.times().size() > 0)) {  // plain rows have integer timestamps only
                    out.timestampForms.integer(problems, file.uri(), header.line() + 1, header.fields().get(ts));
                    problems.throwIfAny();
                }
                plain.forEach(out.events::addAll);
                return;
            }
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                List<String> f = row.fields();
                long n = row.line();
                if (f.size() != width) {
                    problems.add(file.uri(), n, null, "expected " + width + " fields as in the header "
                            + Fields.header(header.fields()) + ", found " + f.size());
                    continue;
                }
                String u = Fields.id(f.get(user), problems, file.uri(), n, header.fields().get(user));
                String i = Fields.id(f.get(item), problems, file.uri(), n, header.fields().get(item));
                long t = Fields.timestamp(f.get(ts), out.timestampForms, problems, file.uri(), n,
                        header.fields().get(ts));
                if (rating != null) {
                    Fields.number(f.get(rating), problems, file.uri(), n, header.fields().get(rating));
                }
                if (u != null && i != null && t != Long.MIN_VALUE && problems.isEmpty()) {
                    out.events.add(u, i, t);
                }
            }
        }
    }
}
