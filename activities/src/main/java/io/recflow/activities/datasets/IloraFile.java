package io.recflow.activities.datasets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One iLoRA TSV of a known role read into the raw data: every row is checked against the header (all of
 * a file's problems are collected), and once any problem is found rows are still checked but no longer
 * added. Training rows are windows to chain into users ({@link IloraTrainingWindows}); a val/test row is a
 * user of its own.
 */
final class IloraFile {

    private final SourceFile file;
    private final IloraParser.Role role;
    private final RawData out;
    private final Problems problems;
    private final Set<String> users = new HashSet<>();
    private IloraColumns columns;

    private IloraFile(SourceFile file, IloraParser.Role role, RawData out, Problems problems) {
        this.file = file;
        this.role = role;
        this.out = out;
        this.problems = problems;
    }

    static void read(SourceFile file, IloraParser.Role role, RawData out, Problems problems) {
        new IloraFile(file, role, out, problems).read();
    }

    /** A data row's parts: its id (the row column, else its position), history window and target item. */
    private record Row(long line, String id, List<String> window, String target) {
    }

    private void read() {
        out.filesRead.add(file.uri());
        try (TextLines lines = TextLines.open(file, StandardCharsets.UTF_8)) {
            columns = IloraColumns.of(file, lines.next(), problems);
            IloraTrainingWindows training = new IloraTrainingWindows(out);
            String line;
            while ((line = lines.next()) != null) {
                Row row = line.isEmpty() ? null : row(line, lines.lineNumber());
                if (row == null || !problems.isEmpty()) {
                    continue;
                }
                if (role == IloraParser.Role.TRAIN) {
                    addTrainingWindow(row, training);
                } else {
                    addEvaluationUser(row);
                }
            }
            training.finish();
        }
    }

    /** The row's parts, or {@code null} when they cannot be told (the problems say why). */
    private Row row(String line, long n) {
        String[] f = Fields.split(line, '\t');
        String[] header = columns.header();
        if (f.length != header.length) {
            problems.add(file.uri(), n, null, "expected " + header.length + " tab-separated fields as in the"
                    + " header " + Fields.header(List.of(header)) + ", found " + f.length);
            return null;
        }
        String rowId = columns.row() == null ? Long.toString(n - 2)
                : Fields.intId(f[columns.row()], problems, file.uri(), n, columns.name(columns.row()));
        List<String> window = Fields.ids(f[columns.seq()]);
        checkLength(f, window, n);
        checkRatings(f, window, n);
        String target = target(f, n);
        return rowId == null || target == null ? null : new Row(n, rowId, window, target);
    }

    /** LLaRA writes {@code len_seq = 1} for the empty first window; that is accepted. */
    private void checkLength(String[] f, List<String> window, long n) {
        if (columns.lenSeq() == null) {
            return;
        }
        long len = Fields.integer(f[columns.lenSeq()], problems, file.uri(), n, columns.name(columns.lenSeq()));
        if (len != Long.MIN_VALUE && len != window.size() && !(len == 1 && window.isEmpty())) {
            problems.add(file.uri(), n, columns.name(columns.lenSeq()), "says " + len + " but "
                    + columns.name(columns.seq()) + " holds " + window.size() + " ids");
        }
    }

    /**
     * Ratings are validated, not kept; the val/test rows' ratings are noted while the input is sound, for
     * the lowest evaluation rating (see {@link LlaraTrainingUsers}).
     */
    private void checkRatings(String[] f, List<String> window, long n) {
        if (columns.seqRatings() != null) {
            String field = columns.name(columns.seqRatings());
            List<String> ratings = Fields.ids(f[columns.seqRatings()]);
            if (ratings.size() != window.size()) {
                problems.add(file.uri(), n, field, "holds " + ratings.size() + " ratings for " + window.size()
                        + " items");
            }
            for (String r : ratings) {
                Fields.number(r, problems, file.uri(), n, field);
            }
            if (role != IloraParser.Role.TRAIN && problems.isEmpty()) {
                ratings.forEach(this::noteEvaluationRating);
            }
        }
        if (columns.nextRating() != null) {
            Fields.number(f[columns.nextRating()], problems, file.uri(), n, columns.name(columns.nextRating()));
            if (role != IloraParser.Role.TRAIN && problems.isEmpty()) {
                noteEvaluationRating(f[columns.nextRating()]);
            }
        }
    }

    /** The next item: exactly one id, else {@code null}. */
    private String target(String[] f, long n) {
        String field = columns.name(columns.next());
        String target = Fields.id(f[columns.next()], problems, file.uri(), n, field);
        if (target != null && target.contains(" ")) {
            problems.add(file.uri(), n, field, "holds several ids: " + Fields.quote(target));
        }
        return target;
    }

    private void addTrainingWindow(Row row, IloraTrainingWindows training) {
        if (!training.continuesCurrentUser(row.window())) {
            String user = "train-" + row.id();
            if (!isNewUser(user, row)) {
                return;
            }
            training.startUser(user, row.window());
        }
        training.add(row.window(), row.target());
    }

    private void addEvaluationUser(Row row) {
        String user = role.prefix + "-" + row.id();
        if (!isNewUser(user, row)) {
            return;
        }
        List<String> all = new ArrayList<>(row.window());
        all.add(row.target());
        out.events.addSequence(user, all);
        (role == IloraParser.Role.VALID ? out.validUsers : out.testUsers).add(user);
    }

    private boolean isNewUser(String user, Row row) {
        if (users.add(user)) {
            return true;
        }
        problems.add(file.uri(), row.line(), columns.name(columns.row()), "duplicate row id " + row.id());
        return false;
    }

    private void noteEvaluationRating(String rating) {
        double r = Double.parseDouble(rating.trim());
        if (out.lowestEvaluationRating == null || r < out.lowestEvaluationRating) {
            out.lowestEvaluationRating = r;
        }
    }
}
