package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.data.UserSequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates interactions (user, item, time) in reading order and builds the canonical data set:
 * users and items in {@link NaturalOrder} of their ids, each user's interactions sorted by time
 * (stable: equal times keep reading order), nothing de-duplicated, users shorter than the minimum
 * dropped, and the catalogue made of the items the kept users interacted with.
 */
final class SequenceBuilder {

    private static final class Events {
        int[] items = new int[8];
        long[] times = new long[8];
        int size;

        void add(int item, long time) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                times = Arrays.copyOf(times, size * 2);
            }
            items[size] = item;
            times[size] = time;
            size++;
        }
    }

    /** The result of {@link #build}. */
    record Built(InteractionDataset dataset, int droppedUsers, long droppedInteractions,
                 int metadataItemsUnused) {
    }

    private final Map<String, Integer> itemIds = new HashMap<>();
    private final List<String> itemNames = new ArrayList<>();
    private final Map<String, Events> users = new HashMap<>();
    private long interactions;

    void add(String user, String item, long time) {
        Integer local = itemIds.get(item);
        if (local == null) {
            local = itemNames.size();
            itemIds.put(item, local);
            itemNames.add(item);
        }
        users.computeIfAbsent(user, u -> new Events()).add(local, time);
        interactions++;
    }

    /** Appends a whole sequence for a user, with positions as times (after any earlier events). */
    void addSequence(String user, List<String> items) {
        Events e = users.get(user);
        long t = e == null ? 0 : e.size;
        for (String item : items) {
            add(user, item, t++);
        }
    }

    /** A user's item ids in reading order (empty for an unknown user). */
    List<String> items(String user) {
        Events e = users.get(user);
        List<String> items = new ArrayList<>(e == null ? 0 : e.size);
        for (int i = 0; e != null && i < e.size; i++) {
            items.add(itemNames.get(e.items[i]));
        }
        return items;
    }

    boolean hasUser(String user) {
        return users.containsKey(user);
    }

    int userCount() {
        return users.size();
    }

    long interactionCount() {
        return interactions;
    }

    /**
     * @param keep users kept whatever their length (the fixed evaluation users of a predefined split)
     */
    Built build(String name, int minSequenceLength, Set<String> keep, Map<String, ItemMeta> metadata) {
        List<String> userIds = new ArrayList<>(users.keySet());
        userIds.sort(NaturalOrder.INSTANCE);
        List<String> kept = new ArrayList<>(userIds.size());
        int dropped = 0;
        long droppedEvents = 0;
        boolean[] used = new boolean[itemNames.size()];
        for (String u : userIds) {
            Events e = users.get(u);
            if (e.size < minSequenceLength && !keep.contains(u)) {
                dropped++;
                droppedEvents += e.size;
                continue;
            }
            kept.add(u);
            for (int i = 0; i < e.size; i++) {
                used[e.items[i]] = true;
            }
        }
        List<String> usedItems = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                usedItems.add(itemNames.get(i));
            }
        }
        usedItems.sort(NaturalOrder.INSTANCE);
        int[] dense = new int[itemNames.size()];
        Arrays.fill(dense, -1);
        List<Item> items = new ArrayList<>(usedItems.size());
        for (String id : usedItems) {
            int index = items.size();
            dense[itemIds.get(id)] = index;
            ItemMeta m = metadata.get(id);
            items.add(m == null ? Item.bare(index, id) : new Item(index, id, m.categoryPath(), m.title(), m.description()));
        }
        int unused = 0;
        for (String id : metadata.keySet()) {
            Integer local = itemIds.get(id);
            if (local == null || dense[local] < 0) {
                unused++;
            }
        }
        List<UserSequence> sequences = new ArrayList<>(kept.size());
        for (String u : kept) {
            Events e = users.get(u);
            int n = e.size;
            int[] seq = new int[n];
            long[] ts = new long[n];
            if (isSorted(e.times, n)) {
                for (int i = 0; i < n; i++) {
                    seq[i] = dense[e.items[i]];
                }
                System.arraycopy(e.times, 0, ts, 0, n);
            } else {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                long[] times = e.times;
                Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b])); // stable merge sort
                for (int i = 0; i < n; i++) {
                    seq[i] = dense[e.items[order[i]]];
                    ts[i] = times[order[i]];
                }
            }
            sequences.add(new UserSequence(u, seq, ts));
        }
        return new Built(new InteractionDataset(name, new ItemCatalog(items), sequences), dropped, droppedEvents,
                unused);
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
