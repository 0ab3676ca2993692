package io.recflow.activities.datasets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ASCII ids, looked up straight from the bytes they were read in, to dense indexes in the order they were
 * first seen: {@link PlainCsvRows} looks up two ids per row and would otherwise make two Strings a row. It
 * probes as {@link IdIndex} does (open addressing, Fibonacci hashing, each slot's hash kept beside its
 * index); the ids themselves sit end to end in one byte array, so a million of them are a few objects.
 */
final class ByteIdIndex {

    private static final int PHI = 0x9E3779B9;

    private byte[] bytes = new byte[1 << 12];
    /** Id i is {@code bytes[starts[i], starts[i + 1])}. */
    private int[] starts = new int[17];
    private int size;
    /** Per slot two ints: index + 1 (0 = empty) and the id's hash; a power of two slots, at most half full. */
    private int[] slots = new int[2 * 32];
    private int shift = 32 - 5;

    /** The index of the id {@code text[from, to)}, adding it when new. */
    int add(byte[] text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text[i];
        }
        int slot = 2 * ((hash * PHI) >>> shift);
        while (slots[slot] != 0) {
            int index = slots[slot] - 1;
            if (slots[slot + 1] == hash && Arrays.equals(bytes, starts[index], starts[index + 1], text, from, to)) {
                return index;
            }
            slot = (slot + 2) & (slots.length - 1);
        }
        append(text, from, to);
        slots[slot] = size;
        slots[slot + 1] = hash;
        if (4 * size > slots.length) {
            grow();
        }
        return size - 1;
    }

    /** The id with {@code index}. */
    String id(int index) {
        return new String(bytes, starts[index], starts[index + 1] - starts[index], StandardCharsets.ISO_8859_1);
    }

    int size() {
        return size;
    }

    private void append(byte[] text, int from, int to) {
        int length = to - from;
        int end = starts[size];
        if (end + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, end + length));
        }
        System.arraycopy(text, from, bytes, end, length);
        if (size + 2 > starts.length) {
            starts = Arrays.copyOf(starts, 2 * starts.length);
        }
        starts[++size] = end + length;
    }

    /** Twice the slots, each id put back by the hash its slot kept. */
    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        shift--;
        for (int s = 0; s < old.length; s += 2) {
            if (old[s] != 0) {
                int slot = 2 * ((old[s + 1] * PHI) >>> shift);
                while (slots[slot] != 0) {
                    slot = (slot + 2) & (slots.length - 1);
                }
                slots[slot] = old[s];
                slots[slot + 1] = old[s + 1];
            }
        }
    }
}
