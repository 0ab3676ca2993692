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

/**
 * Accumulates interactions (user, item, time) in reading order and builds the canonical data set:
 * users and items in {@link NaturalOrder} of their ids, each user's interactions sorted by time
 * (stable: equal times keep reading order), nothing de-duplicated, users shorter than the minimum
 * dropped, and the catalogue made of the items the kept users interacted with.
 *
 * <p>Rows are kept as two primitive columns (user and item index packed in one long, and the time), 16
 * bytes a row with no object per user, so 10 M rows fit in a fraction of a gigabyte; {@link #build}
 * then groups them by user with a counting sort.
 */
final class SequenceBuilder {

    /** The result of {@link #build}. */
    record Built(InteractionDataset dataset, int droppedUsers, long droppedInteractions,
                 int metadataItemsUnused) {
    }

    private final IdIndex userIds = new IdIndex();
    private final IdIndex itemIds = new IdIndex();
    /** Per row: user index in the high 32 bits, item index in the low 32. */
    private final LongColumn userItem = new LongColumn();
    private final LongColumn times = new LongColumn();
    /** Rows per user index. */
    private int[] lengths = new int[16];

    void add(String user, String item, long time) {
        add(userIds.add(user), itemIds.add(item), time);
    }

    /** Appends the rows of a part read elsewhere (after every row added so far), its ids indexed here. */
    void addAll(PlainCsvRows.Part part) {
        int[] users = indexes(part.users(), userIds);
        int[] items = indexes(part.items(), itemIds);
        for (int r = 0; r < part.userItem().size(); r++) {
            add(users[part.user(r)], items[part.item(r)], part.times().get(r));
        }
    }

    private static int[] indexes(ByteIdIndex local, IdIndex global) {
        int[] indexes = new int[local.size()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = global.add(local.id(i));
        }
        return indexes;
    }

    private void add(int u, int i, long time) {
        if (u == lengths.length) {
            lengths = Arrays.copyOf(lengths, u * 2);
        }
        lengths[u]++;
        userItem.add((long) u << 32 | i);
        times.add(time);
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
        for (int r = 0; u >= 0 && r < userItem.size(); r++) {
            long ui = userItem.get(r);
            if ((int) (ui >>> 32) == u) {
                items.add(itemIds.id((int) ui));
            }
        }
        return items;
    }

    long interactionCount() {
        return userItem.size();
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
        // Each kept user's rows in reading order (a counting sort by user), then sorted by time.
        int[][] userItems = new int[userCount][];
        long[][] userTimes = new long[userCount][];
        int[] filled = new int[userCount];
        for (int u = 0; u < userCount; u++) {
            if (kept[u]) {
                userItems[u] = new int[lengths[u]];
                userTimes[u] = new long[lengths[u]];
            }
        }
        for (int r = 0; r < userItem.size(); r++) {
            long ui = userItem.get(r);
            int u = (int) (ui >>> 32);
            if (kept[u]) {
                userItems[u][filled[u]] = dense[(int) ui];
                userTimes[u][filled[u]++] = times.get(r);
            }
        }
        userItem.clear();
        times.clear();
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

    /** Local item index -> catalogue index (-1 for items no kept user touched), in natural id order. */
    private int[] denseItems(boolean[] keptUsers) {
        boolean[] used = new boolean[itemIds.size()];
        for (int r = 0; r < userItem.size(); r++) {
            long ui = userItem.get(r);
            if (keptUsers[(int) (ui >>> 32)]) {
                used[(int) ui] = true;
            }
        }
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
