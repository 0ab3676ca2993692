package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        Map<Role, SourceFile> files;
        if (location.isFolder()) {
            files = filesByRole(location);
            if (readOwnItems) {
                readItems(location, out, problems);
            }
        } else {
            files = singleFile(location.single());
        }
        out.trainUsers = new ArrayList<>();
        out.validUsers = new ArrayList<>();
        out.testUsers = new ArrayList<>();
        for (Map.Entry<Role, SourceFile> e : files.entrySet()) {
            IloraFile.read(e.getValue(), e.getKey(), out, problems);
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

    /** The folder's TSVs by the split they hold: at least one, and one per split. */
    private static Map<Role, SourceFile> filesByRole(DataLocation location) {
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
        Map<Role, SourceFile> files = new EnumMap<>(Role.class);
        for (Map.Entry<Role, List<String>> e : byRole.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new BadInputException(location.uri(), 0, null, "holds several " + e.getKey().prefix
                        + " files " + e.getValue() + "; keep one per split");
            }
            files.put(e.getKey(), location.file(e.getValue().get(0)));
        }
        return files;
    }

    /** A file named outside a folder keeps the split its name says. */
    private static Map<Role, SourceFile> singleFile(SourceFile file) {
        Role role = role(file.name());
        if (role == null) {
            throw new BadInputException(file.uri(), 0, null, "cannot tell which split this iLoRA file is:"
                    + " name it train.tsv, val.tsv or test.tsv, or point the URI at the folder");
        }
        return new EnumMap<>(Map.of(role, file));
    }

    /** Titles from {@code id2name.txt}, else from a MovieLens {@code u.item} (ids one more than the TSVs'). */
    private static void readItems(DataLocation location, RawData out, Problems problems) {
        if (location.has("id2name.txt")) {
            ItemFiles.read(location.file("id2name.txt"), out, problems, 0);
        } else if (location.has("u.item")) {
            ItemFiles.movieLens100k(location.file("u.item"), out, problems, -1);
            out.filesRead.add(location.uriOf("u.item"));
        } else {
            out.notes.add(NO_ITEM_FILE_NOTE);
        }
    }
}
