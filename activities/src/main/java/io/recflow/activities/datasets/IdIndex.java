package io.recflow.activities.datasets;

import java.util.Arrays;

/**
 * Ids to dense indexes in the order they were first seen. Written here rather than a
 * {@code HashMap<String, Integer>} because ingest looks up two ids per row, tens of millions of times:
 * the map boxes every index, and structured ids ("u123456", "i40213") cluster in the low bits of
 * {@code String.hashCode} that the map's buckets use, so its bins turn into trees (seen in a profile of a
 * 1 M-row ingest). Open addressing with Fibonacci hashing takes the high bits of the mixed hash instead,
 * and each slot keeps its id's hash beside its index, so a probe that meets another id is rejected without
 * reading that id (with a million users each read of a stored id is a cache miss).
 */
final class IdIndex {

    private static final int PHI = 0x9E3779B9;

    private String[] ids = new String[16];
    private int size;
    /** Per slot two ints: index + 1 (0 = empty) and the id's hash; a power of two slots, at most half full. */
    private int[] slots = new int[2 * 32];
    private int shift = 32 - 5;

    /** The index of {@code id}, adding it when new. */
    int add(String id) {
        int hash = id.hashCode();
        int slot = slotOf(id, hash);
        if (slots[slot] != 0) {
            return slots[slot] - 1;
        }
        return insert(id, hash, slot);
    }

    /**
     * The index of id {@code index} of {@code part}, adding it when new: only a new id is made a String (merging
     * a part whose ids were mostly seen before makes next to none). Its hash is the one the part computed, which
     * is {@link String#hashCode} for the ASCII ids a part holds.
     */
    int add(ByteIdIndex part, int index) {
        int hash = part.hash(index);
        int slot = 2 * ((hash * PHI) >>> shift);
        while (slots[slot] != 0 && (slots[slot + 1] != hash || !part.sameId(index, ids[slots[slot] - 1]))) {
            slot = (slot + 2) & (slots.length - 1);
        }
        return slots[slot] != 0 ? slots[slot] - 1 : insert(part.id(index), hash, slot);
    }

    private int insert(String id, int hash, int slot) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = id;
        slots[slot] = ++size;
        slots[slot + 1] = hash;
        if (4 * size > slots.length) { // more than half the slots (two ints each) taken
            grow();
        }
        return size - 1;
    }

    /** The index of {@code id}, or -1 when it was never added. */
    int indexOf(String id) {
        return slots[slotOf(id, id.hashCode())] - 1;
    }

    String id(int index) {
        return ids[index];
    }

    int size() {
        return size;
    }

    /** Where in {@link #slots} the slot holding {@code id} starts, or the empty slot where it belongs. */
    private int slotOf(String id, int hash) {
        int slot = 2 * ((hash * PHI) >>> shift);
        while (slots[slot] != 0 && (slots[slot + 1] != hash || !ids[slots[slot] - 1].equals(id))) {
            slot = (slot + 2) & (slots.length - 1);
        }
        return slot;
    }

    private void grow() {
        slots = new int[slots.length * 2];
        shift--;
        for (int i = 0; i < size; i++) {
            int hash = ids[i].hashCode();
            int slot = slotOf(ids[i], hash);
            slots[slot] = i + 1;
            slots[slot + 1] = hash;
        }
    }
}
