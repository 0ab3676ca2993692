package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training users of the LLaRA / iLoRA MovieLens split, rebuilt from MovieLens 100K {@code u.data}
 * ({@code data.trainUri}): the split ships its val/test rows but not its train file. LLaRA's train rows
 * are sliding windows (10 history items &rarr; next) over every user that is not a val/test user;
 * training on every prefix of the whole user is the same data, so each becomes one training user
 * {@code train-<MovieLens user id>} holding its whole time-sorted sequence (ties in file order).
 * <ul>
 *   <li><b>Ratings.</b> LLaRA kept only the ratings of at least 3: its val/test rows hold none lower,
 *       and the events after a row's window are all rated 1 or 2. Rather than assume it, the training
 *       users keep the ratings from the lowest rating found in the val/test rows up (all of them when
 *       the rows have no ratings), so they are built as the rows were.
 *   <li><b>Ids.</b> The TSVs use MovieLens id - 1.
 *   <li><b>Which MovieLens user a row is.</b> A row (history + next item) is the end of its user's
 *       sequence, but LLaRA broke timestamp ties in another order, so few rows are an exact suffix of
 *       ours. A row matches a user when the row's items are among the user's events from the time of the
 *       user's {@code |row|}-th last event on (the last {@code |row|} events widened by their ties). Each
 *       row must match exactly one user and no two rows the same one; anything else is bad input.
 * </ul>
 * The val/test users stay as their rows give them (history and target).
 */
final class LlaraTrainingUsers {

    static final String TRAIN_FILE = "u.data";
    static final String ITEM_FILE = "u.item";
    static final String FIELD = "data.trainUri";

    /** One MovieLens user: iLoRA item ids and their times, sorted by time. */
    private record History(List<String> items, long[] times) {
    }

    private LlaraTrainingUsers() {
    }

    /**
     * Adds the training users to {@code out}, which must hold an iLoRA split without training users.
     *
     * @param movieLens a MovieLens 100K folder (with {@code u.data}, and {@code u.item} for titles when
     *                  the iLoRA data has no item file) or its {@code u.data}
     * @param readItems false when the spec names an item file of its own
     */
    static void rebuild(DataLocation movieLens, boolean readItems, RawData out, Problems problems) {
        SourceFile file = movieLens.isFolder() ? movieLens.file(TRAIN_FILE) : movieLens.single();
        RawData ratings = new RawData();
        double minRating = out.lowestEvaluationRating == null ? Double.NEGATIVE_INFINITY : out.lowestEvaluationRating;
        MovieLensParser.ratings(file, minRating, ratings, problems);
        problems.throwIfAny();
        out.filesRead.addAll(ratings.filesRead);
        Map<String, History> byUser = histories(ratings.events.build(TRAIN_FILE, 1, Set.of(), Map.of()).dataset(),
                file.uri());
        List<String> rows = new ArrayList<>(out.validUsers);
        rows.addAll(out.testUsers);
        Matches matches = match(rows, out.events, byUser, file.uri(), problems);
        Map<String, String> matchedBy = matches.rowByUser();
        problems.throwIfAny();
        out.notes.remove(IloraParser.NO_TRAIN_FILE_NOTE);
        int interactions = 0;
        for (Map.Entry<String, History> e : byUser.entrySet()) {
            if (!matchedBy.containsKey(e.getKey())) {
                String user = "train-" + e.getKey();
                out.events.addSequence(user, e.getValue().items());
                out.trainUsers.add(user);
                interactions += e.getValue().items().size();
            }
        }
        out.notes.add(matchedBy.size() + " of " + rows.size() + " val/test rows matched a MovieLens user of "
                + file.uri() + " (" + matches.exact() + " exactly, the rest up to the order of equal timestamps); the other "
                + (byUser.size() - matchedBy.size()) + " users are the training users (" + interactions
                + " interactions" + (out.lowestEvaluationRating == null ? ""
                : ", ratings of at least " + rating(out.lowestEvaluationRating) + " as in the val/test rows") + ")");
        if (readItems && out.items.isEmpty() && movieLens.isFolder() && movieLens.has(ITEM_FILE)) {
            ItemFiles.movieLens100k(movieLens.file(ITEM_FILE), out, problems, -1);
            out.filesRead.add(movieLens.uriOf(ITEM_FILE));
            out.notes.remove(IloraParser.NO_ITEM_FILE_NOTE);
        }
    }

    /**
     * Which MovieLens user each row is ({@code rowByUser}: MovieLens user &rarr; row user id), and how many
     * rows are an exact suffix of their user; the rows that match no user, several users or a user
     * already taken are reported to {@code problems}.
     */
    private static Matches match(List<String> rows, SequenceBuilder rowEvents, Map<String, History> byUser,
                                 String fileUri, Problems problems) {
        Map<String, String> rowByUser = new HashMap<>();
        int exact = 0;
        for (String row : rows) {
            List<String> window = rowEvents.items(row);
            List<String> users = byUser.keySet().stream()
                    .filter(u -> endsWithUpToTies(byUser.get(u), window)).toList();
            if (users.size() != 1) {
                problems.add(fileUri, 0, FIELD, "the iLoRA row " + row + " (items " + window + ") matches "
                        + (users.isEmpty() ? "no MovieLens user's last events" : "several users " + users)
                        + "; the val/test rows must be the ends of MovieLens users' sequences");
                continue;
            }
            String user = users.get(0);
            String other = rowByUser.putIfAbsent(user, row);
            if (other != null) {
                problems.add(fileUri, 0, FIELD, "the iLoRA rows " + other + " and " + row
                        + " both match MovieLens user " + user);
            }
            List<String> sequence = byUser.get(user).items();
            exact += sequence.subList(sequence.size() - window.size(), sequence.size()).equals(window) ? 1 : 0;
        }
        return new Matches(rowByUser, exact);
    }

    private record Matches(Map<String, String> rowByUser, int exact) {
    }

    /** A rating as people write it: 3, not 3.0. */
    private static String rating(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** Each MovieLens user's time-sorted items as iLoRA ids (MovieLens id - 1), in user order. */
    private static Map<String, History> histories(InteractionDataset dataset, String fileUri) {
        ItemCatalog catalog = dataset.catalog();
        Map<String, History> byUser = new LinkedHashMap<>();
        for (UserSequence s : dataset.sequences()) {
            List<String> items = new ArrayList<>(s.length());
            for (int item : s.items()) {
                long movieLensId = Long.parseLong(catalog.get(item).externalId());
                if (movieLensId < 1) {
                    throw new BadInputException(fileUri, 0, "item", "MovieLens item id " + movieLensId
                            + " (user " + s.user() + ") has no iLoRA id: MovieLens ids start at 1");
                }
                items.add(Long.toString(movieLensId - 1));
            }
            byUser.put(s.user(), new History(items, s.timestamps()));
        }
        return byUser;
    }

    /** Whether {@code window} is among the user's events from the time of its {@code |window|}-th last on. */
    private static boolean endsWithUpToTies(History user, List<String> window) {
        List<String> sequence = user.items();
        int n = sequence.size();
        if (n < window.size()) {
            return false;
        }
        long[] times = user.times();
        int from = n - window.size();
        while (from > 0 && times[from - 1] == times[n - window.size()]) {
            from--;
        }
        List<String> tail = new ArrayList<>(sequence.subList(from, n));
        for (String item : window) {
            if (!tail.remove(item)) {
                return false;
            }
        }
        return true;
    }
}
