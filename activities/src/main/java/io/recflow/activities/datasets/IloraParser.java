package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The LLaRA / iLoRA TSVs: a header {@code row, len_seq, seq_item_ids, [seq_ratings], next_item_id,
 * [next_rating]}, ids space-separated, oldest first. The files keep their roles as a predefined split:
 * <ul>
 *   <li>{@code train.tsv} holds sliding windows over each training user; consecutive rows whose
 *       window continues the previous one ({@code seq} = the end of the user's items so far) are one
 *       user, so each training user is rebuilt once (user id {@code train-<row of its first window>});
 *   <li>{@code val.tsv} / {@code test.tsv} hold one evaluation user per row: history + next item
 *       (user ids {@code val-<row>}, {@code test-<row>}); the next item is the target.
 * </ul>
 * Times are positions. Item titles from {@code id2name.txt} ({@code id::name}), or else from a
 * MovieLens {@code u.item} whose ids are one more than the TSV ids (iLoRA's 0-based MovieLens ids).
 * Ratings are validated, not kept (only the lowest rating of the val/test rows, see
 * {@link LlaraTrainingUsers}). LLaRA writes {@code len_seq = 1} for the empty first window; that is
 * accepted.
 */
final class IloraParser implements FormatParser {

    static final String NO_ITEM_FILE_NOTE = "no id2name.txt or u.item: items have ids only";
    static final String NO_TRAIN_FILE_NOTE = "no train.tsv: the predefined split has no training users";

    enum Role {
        TRAIN("train"), VALID("val"), TEST("test");

        final String prefix;

        Role(String prefix) {
            this.prefix = prefix;
        }
    }

    @Override
    public void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems) {
        Map<Role, SourceFile> files = new EnumMap<>(Role.class);
        if (location.isFolder()) {
            Map<Role, List<String>> byRole = new EnumMap<>(Role.class);
            for (String name : location.fileNames()) {
                Role role = name.toLowerCase(Locale.ROOT).endsWith(".tsv") ? role(name) : null;
                if (role != null) {
                    byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(name);
                }
            }
            if (byRole.isEmpty()) {
                throw new BadInputException(location.uri(), 0, null, "missing file: format ilora needs "
                        + DataFormat.ILORA.files() + "; files here: " + location.fileNames());
            }
            for (Map.Entry<Role, List<String>> e : byRole.entrySet()) {
                if (e.getValue().size() > 1) {
                    throw new BadInputException(location.uri(), 0, null, "holds several " + e.getKey().prefix
                            + " files " + e.getValue() + "; keep one per split");
                }
                files.put(e.getKey(), location.file(e.getValue().get(0)));
            }
            if (readOwnItems) {
                if (location.has("id2name.txt")) {
                    ItemFiles.read(location.file("id2name.txt"), out, problems, 0);
                } else if (location.has("u.item")) {
                    ItemFiles.movieLens100k(location.file("u.item"), out, problems, -1);
                    out.filesRead.add(location.uriOf("u.item"));
                } else {
                    out.notes.add(NO_ITEM_FILE_NOTE);
                }
            }
        } else {
            SourceFile f = location.single();
            Role role = role(f.name());
            if (role == null) {
                throw new BadInputException(f.uri(), 0, null, "cannot tell which split this iLoRA file is:"
                        + " name it train.tsv, val.tsv or test.tsv, or point the URI at the folder");
            }
            files.put(role, f);
        }
        out.trainUsers = new ArrayList<>();
        out.validUsers = new ArrayList<>();
        out.testUsers = new ArrayList<>();
        for (Map.Entry<Role, SourceFile> e : files.entrySet()) {
            read(e.getValue(), e.getKey(), out, problems);
        }
        if (!files.containsKey(Role.TRAIN)) {
            out.notes.add(NO_TRAIN_FILE_NOTE);
        }
        if (!files.containsKey(Role.TEST)) {
            out.notes.add("no test.tsv: the predefined split has no test users");
        }
    }

    static Role role(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.contains("train")) {
            return Role.TRAIN;
        }
        if (n.contains("val")) {
            return Role.VALID;
        }
        if (n.contains("test")) {
            return Role.TEST;
        }
        return null;
    }

    private static void read(SourceFile file, Role role, RawData out, Problems problems) {
        out.filesRead.add(file.uri());
        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8)) {
            String headerLine = lines.next();
            if (headerLine == null) {
                throw new BadInputException(file.uri(), 1, null,
                        "is empty (expected a header row, len_seq, seq_item_ids, next_item_id)");
            }
            String[] header = Fields.split(headerLine, '\t');
            Map<String, Integer> cols = ItemFiles.columns(header);
            Integer row = ItemFiles.first(cols, "row", "index", "");
            Integer lenSeq = ItemFiles.first(cols, "lenseq");
            Integer seq = ItemFiles.first(cols, "seqitemids", "seq");
            Integer seqRatings = ItemFiles.first(cols, "seqratings");
            Integer next = ItemFiles.first(cols, "nextitemid", "next");
            Integer nextRating = ItemFiles.first(cols, "nextrating");
            if (seq == null) {
                problems.add(file.uri(), 1, "seq_item_ids", "missing required column; header found: " + List.of(header));
            }
            if (next == null) {
                problems.add(file.uri(), 1, "next_item_id", "missing required column; header found: " + List.of(header));
            }
            problems.throwIfAny();
            Set<String> rowIds = new HashSet<>();
            // Train-window chaining state.
            String user = null;
            List<String> items = new ArrayList<>();
            int previousWindow = 0;
            String line;
            while ((line = lines.next()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                long n = lines.lineNumber();
                String[] f = Fields.split(line, '\t');
                if (f.length != header.length) {
                    problems.add(file.uri(), n, null, "expected " + header.length + " tab-separated fields as in the"
                            + " header " + List.of(header) + ", found " + f.length);
                    continue;
                }
                String rowId = row == null ? Long.toString(n - 2)
                        : Fields.intId(f[row], problems, file.uri(), n, header[row]);
                List<String> window = Fields.ids(f[seq]);
                if (lenSeq != null) {
                    long len = Fields.integer(f[lenSeq], problems, file.uri(), n, header[lenSeq]);
                    if (len != Long.MIN_VALUE && len != window.size() && !(len == 1 && window.isEmpty())) {
                        problems.add(file.uri(), n, header[lenSeq], "says " + len + " but " + header[seq] + " holds "
                                + window.size() + " ids");
                    }
                }
                if (seqRatings != null) {
                    List<String> ratings = Fields.ids(f[seqRatings]);
                    if (ratings.size() != window.size()) {
                        problems.add(file.uri(), n, header[seqRatings], "holds " + ratings.size() + " ratings for "
                                + window.size() + " items");
                    }
                    for (String r : ratings) {
                        Fields.number(r, problems, file.uri(), n, header[seqRatings]);
                    }
                    if (role != Role.TRAIN && problems.isEmpty()) {
                        ratings.forEach(r -> noteEvaluationRating(out, r));
                    }
                }
                if (nextRating != null) {
                    Fields.number(f[nextRating], problems, file.uri(), n, header[nextRating]);
                    if (role != Role.TRAIN && problems.isEmpty()) {
                        noteEvaluationRating(out, f[nextRating]);
                    }
                }
                String target = Fields.id(f[next], problems, file.uri(), n, header[next]);
                if (target != null && target.contains(" ")) {
                    problems.add(file.uri(), n, header[next], "holds several ids: " + Fields.quote(target));
                }
                if (rowId == null || target == null || !problems.isEmpty()) {
                    continue;
                }
                if (role == Role.TRAIN) {
                    boolean continues = user != null && !window.isEmpty() && endsWith(items, window)
                            && (window.size() == items.size() || window.size() >= previousWindow);
                    if (!continues) {
                        flush(out, user, items);
                        user = "train-" + rowId;
                        if (!rowIds.add(user)) {
                            problems.add(file.uri(), n, header[row], "duplicate row id " + rowId);
                            continue;
                        }
                        items = new ArrayList<>(window);
                    }
                    items.add(target);
                    previousWindow = window.size();
                } else {
                    String u = role.prefix + "-" + rowId;
                    if (!rowIds.add(u)) {
                        problems.add(file.uri(), n, row == null ? null : header[row], "duplicate row id " + rowId);
                        continue;
                    }
                    List<String> all = new ArrayList<>(window);
                    all.add(target);
                    out.events.addSequence(u, all);
                    (role == Role.VALID ? out.validUsers : out.testUsers).add(u);
                }
            }
            flush(out, user, items);
        }
    }

    private static void noteEvaluationRating(RawData out, String rating) {
        double r = Double.parseDouble(rating.trim());
        if (out.lowestEvaluationRating == null || r < out.lowestEvaluationRating) {
            out.lowestEvaluationRating = r;
        }
    }

    private static void flush(RawData out, String user, List<String> items) {
        if (user != null) {
            out.events.addSequence(user, items);
            out.trainUsers.add(user);
        }
    }

    private static boolean endsWith(List<String> items, List<String> window) {
        if (window.size() > items.size()) {
            return false;
        }
        int offset = items.size() - window.size();
        for (int i = 0; i < window.size(); i++) {
            if (!items.get(offset + i).equals(window.get(i))) {
                return false;
            }
        }
        return true;
    }
}
