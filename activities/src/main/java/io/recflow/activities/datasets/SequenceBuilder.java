package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Accumulates interactions (user, item, time) in reading order and builds the canonical data set:
 * users and items in {@link NaturalOrder} of their ids, each user's interactions sorted by time
 * (stable: equal times keep reading order), nothing de-duplicated, users shorter than the minimum
 * dropped, and the catalogue made of the items the kept users interacted with.
 *
 * <p>Rows are kept as two primitive columns (user and item index packed in one long, and the time), 16
 * bytes a row with no object per user, so 10 M rows fit in a fraction of a gigabyte. A part read elsewhere
 * ({@link PlainCsvRows}) keeps its own columns, with its ids mapped to this builder's indexes, instead of
 * being copied row by row; {@link #build} then groups the rows by user with a counting sort, each part on a
 * core of its own: a part knows where its rows of each user start (after those of the parts before it), so
 * the parts fill the users' arrays side by side.
 */
final class SequenceBuilder {

    /** The result of {@link #build}. */
    record Built(InteractionDataset dataset, int droppedUsers, long droppedInteractions,
                 int metadataItemsUnused) {
    }

    private final IdIndex userIds = new IdIndex();
    private final IdIndex itemIds = new IdIndex();
    /** The rows in reading order. */
    private final List<Segment> segments = new ArrayList<>();
    /** Rows per user index. */
    private int[] lengths = new int[16];

    /**
     * Rows in reading order, per row the user index in the high 32 bits of {@code userItem} and the item index in
     * the low 32. The indexes are this builder's, or a part's: then {@code users} and {@code items} map them here,
     * and {@code rowsPerUser} counts the part's rows by its user index.
     */
    private record Segment(LongColumn userItem, LongColumn times, int[] users, int[] items, int[] rowsPerUser) {

        boolean ownIndexes() {
            return users == null;
        }

        /** The builder's index of the segment's user index {@code local}. */
        int builderUser(int local) {
            return users == null ? local : users[local];
        }

        /** The builder's index of the segment's item index {@code local}. */
        int builderItem(int local) {
            return items == null ? local : items[local];
        }

        int user(int row) {
            return builderUser((int) (userItem.get(row) >>> 32));
        }

        int item(int row) {
            return builderItem((int) userItem.get(row));
        }

        /** The rows per user index: the part's count, or (own indexes) counted now. */
        int[] rowsPerUser(int userCount) {
            return rowsPerUser != null ? rowsPerUser.clone() : countByUser(userItem, userCount);
        }
    }

    /** How many of the rows have each user index in {@code [0, users)}. */
    private static int[] countByUser(LongColumn userItem, int users) {
        int[] rows = new int[users];
        for (int r = 0; r < userItem.size(); r++) {
            rows[(int) (userItem.get(r) >>> 32)]++;
        }
        return rows;
    }

    void add(String user, String item, long time) {
        int u = userIds.add(user);
        countRows(u, 1);
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || !last.ownIndexes()) {
            last = new Segment(new LongColumn(), new LongColumn(), null, null, null);
            segments.add(last);
        }
        last.userItem().add((long) u << 32 | itemIds.add(item));
        last.times().add(time);
    }

    /** Appends the rows of a part read elsewhere (after every row added so far), its ids indexed here. */
    void addAll(PlainCsvRows.Part part) {
        int[] users = indexes(part.users(), userIds);
        int[] items = indexes(part.items(), itemIds);
        int[] rowsPerUser = countByUser(part.userItem(), users.length);
        for (int local = 0; local < users.length; local++) {
            countRows(users[local], rowsPerUser[local]);
        }
        segments.add(new Segment(part.userItem(), part.times(), users, items, rowsPerUser));
    }

    private static int[] indexes(ByteIdIndex local, IdIndex global) {
        int[] indexes = new int[local.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = global.add(local, i);
        }
        return indexes;
    }

    private void countRows(int u, int rows) {
        if (u >= lengths.length) {
            lengths = Arrays.copyOf(lengths, Math.max(u + 1, lengths.length * 2));
        }
        lengths[u] += rows;
    }

    /** Appends a whole sequence for a user, with positions as times (after any earlier events). */
    void addSequence(String user, List<String> items) {
        int u = userIds.indexOf(user);
        long t = u < 0 ? 0 : lengths[u];
        for (String item : items) {
            add(user, item, t++);
        }
    }

    /** A user's item ids in reading order (empty for an unknown user); a scan of all rows. */
    List<String> items(String user) {
        int u = userIds.indexOf(user);
        List<String> items = new ArrayList<>();
        for (Segment segment : u < 0 ? List.<Segment>of() : segments) {
            for (int r = 0; r < segment.userItem().size(); r++) {
                if (segment.user(r) == u) {
                    items.add(itemIds.id(segment.item(r)));
                }
            }
        }
        return items;
    }

    long interactionCount() {
        long rows = 0;
        for (Segment segment : segments) {
            rows += segment.userItem().size();
        }
        return rows;
    }

    /**
     * Builds the data set and drops the rows (their memory goes to the sequences); call it once.
     *
     * @param keep users kept whatever their length (the fixed evaluation users of a predefined split)
     */
    Built build(String name, int minSequenceLength, Set<String> keep, Map<String, ItemMeta> metadata) {
        int userCount = userIds.size();
        boolean[] kept = new boolean[userCount];
        int dropped = 0;
        long droppedEvents = 0;
        for (int u = 0; u < userCount; u++) {
            kept[u] = lengths[u] >= minSequenceLength || keep.contains(userIds.id(u));
            if (!kept[u]) {
                dropped++;
                droppedEvents += lengths[u];
            }
        }
        int[] dense = denseItems(kept);
        List<Item> items = catalogue(dense, metadata);
        int unused = 0;
        for (String id : metadata.keySet()) {
            int local = itemIds.indexOf(id);
            if (local < 0 || dense[local] < 0) {
                unused++;
            }
        }
        int[][] userItems = new int[userCount][];
        long[][] userTimes = new long[userCount][];
        for (int u = 0; u < userCount; u++) {
            if (kept[u]) {
                userItems[u] = new int[lengths[u]];
                userTimes[u] = new long[lengths[u]];
            }
        }
        List<int[]> cursors = firstPositions(userCount);
        IntStream.range(0, segments.size()).parallel().forEach(s -> {
            Segment segment = segments.get(s);
            int[] next = cursors.get(s);
            for (int r = 0; r < segment.userItem().size(); r++) {
                long ui = segment.userItem().get(r);
                int local = (int) (ui >>> 32);
                int u = segment.builderUser(local);
                if (kept[u]) {
                    int at = next[local]++;
                    userItems[u][at] = dense[segment.builderItem((int) ui)];
                    userTimes[u][at] = segment.times().get(r);
                }
            }
        });
        segments.clear();
        List<UserSequence> sequences = new ArrayList<>(userCount - dropped);
        for (int u : naturalOrder(userIds)) {
            if (kept[u]) {
                sequences.add(timeOrdered(userIds.id(u), userItems[u], userTimes[u]));
                userItems[u] = null;
                userTimes[u] = null;
            }
        }
        return new Built(new InteractionDataset(name, new ItemCatalog(items), sequences), dropped, droppedEvents,
                unused);
    }

    /**
     * Per segment, by the segment's user index, where its first row of that user goes in the user's array: after
     * the user's rows in the segments before it, so the rows keep their reading order.
     */
    private List<int[]> firstPositions(int userCount) {
        int[] before = new int[userCount];
        List<int[]> positions = new ArrayList<>(segments.size());
        for (Segment segment : segments) {
            int[] rows = segment.rowsPerUser(userCount);
            for (int local = 0; local < rows.length; local++) {
                int u = segment.builderUser(local);
                int count = rows[local];
                rows[local] = before[u];
                before[u] += count;
            }
            positions.add(rows);
        }
        return positions;
    }

    /** Local item index -> catalogue index (-1 for items no kept user touched), in natural id order. */
    private int[] denseItems(boolean[] keptUsers) {
        boolean[] used = new boolean[itemIds.size()];
        // Side by side, as the grouping: a flag set twice is set all the same.
        segments.parallelStream().forEach(segment -> {
            for (int r = 0; r < segment.userItem().size(); r++) {
                if (keptUsers[segment.user(r)]) {
                    used[segment.item(r)] = true;
                }
            }
        });
        int[] dense = new int[itemIds.size()];
        Arrays.fill(dense, -1);
        int next = 0;
        for (int i : naturalOrder(itemIds)) {
            if (used[i]) {
                dense[i] = next++;
            }
        }
        return dense;
    }

    private List<Item> catalogue(int[] dense, Map<String, ItemMeta> metadata) {
        Item[] items = new Item[(int) Arrays.stream(dense).filter(d -> d >= 0).count()];
        for (int local = 0; local < dense.length; local++) {
            if (dense[local] >= 0) {
                String id = itemIds.id(local);
                ItemMeta m = metadata.get(id);
                int index = dense[local];
                items[index] = m == null ? Item.bare(index, id)
                        : new Item(index, id, m.categoryPath(), m.title(), m.description());
            }
        }
        return Arrays.asList(items);
    }

    /** The indexes of an id index, ordered by {@link NaturalOrder} of their ids. */
    private static int[] naturalOrder(IdIndex ids) {
        return NaturalOrder.sortedIndexes(ids::id, ids.size());
    }

    /** The sequence sorted by time; stable, so equal times keep reading order. */
    private static UserSequence timeOrdered(String user, int[] items, long[] times) {
        int n = items.length;
        if (isSorted(times, n)) {
            return new UserSequence(user, items, times);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // a stable merge sort
        int[] seq = new int[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            seq[i] = items[order[i]];
            ts[i] = times[order[i]];
        }
        return new UserSequence(user, seq, ts);
    }

    private static boolean isSorted(long[] t, int n) {
        for (int i = 1; i < n; i++) {
            if (t[i] < t[i - 1]) {
                return false;
            }
        }
        return true;
    }
}
