package io.recflow.activities.datasets;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * ASCII ids, looked up straight from the bytes they were read in, to dense indexes in the order they were
 * first seen: {@link PlainCsvRows} looks up two ids per row and would otherwise make two Strings a row. It
 * probes as {@link IdIndex} does (open addressing, Fibonacci hashing); the ids themselves sit end to end in
 * one byte array, so a million of them are a few objects.
 *
 * <p>Each slot holds the id's first 8 bytes beside its index, length and hash, in 16 bytes of one cache line,
 * so an id of at most 8 bytes ("u1744986", "48213") is found without reading the id array: with a million
 * users every such read is a cache miss, and a profile of a 10 M-row ingest spent more than a third of its CPU
 * in them when the slot held only the index and the hash. Longer ids compare their remaining bytes there.
 */
final class ByteIdIndex {

    private static final int PHI = 0x9E3779B9;
    private static final int INLINE = Long.BYTES;
    private static final VarHandle LONG_VIEW = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes = new byte[1 << 12];
    /** Id i is {@code bytes[starts[i], starts[i + 1])}. */
    private int[] starts = new int[17];
    /** Each id's hash, by index: what places it in a slot again when the slots grow. */
    private int[] hashes = new int[16];
    private int size;
    /**
     * Per slot two longs: the id's first 8 bytes (little-endian, zero-padded), and index + 1 (0 = empty) in the
     * high half with the id's length (up to 255) and the low 24 bits of its hash in the low half; a power of two
     * slots, at most half full.
     */
    private long[] slots = new long[2 * 32];
    private int shift = 32 - 5;

    /** The index of the id {@code text[from, to)}, adding it when new. */
    int add(byte[] text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + (text[i] & 0xFF);
        }
        int length = to - from;
        long head = head(text, from, length);
        int check = Math.min(length, 255) << 24 | hash & 0xFFFFFF;
        int slot = 2 * ((hash * PHI) >>> shift);
        long meta;
        while ((meta = slots[slot + 1]) != 0) {
            int index = (int) (meta >>> 32) - 1;
            // The head and the length equal: an id of at most 8 bytes is found; a longer one checks the rest.
            if ((int) meta == check && slots[slot] == head && (length <= INLINE || Arrays.equals(bytes,
                    starts[index] + INLINE, starts[index + 1], text, from + INLINE, to))) {
                return index;
            }
            slot = (slot + 2) & (slots.length - 1);
        }
        append(text, from, to, hash);
        slots[slot] = head;
        slots[slot + 1] = (long) size << 32 | check & 0xFFFFFFFFL;
        if (4 * size > slots.length) {
            grow();
        }
        return size - 1;
    }

    /** The first (up to) 8 bytes of an id as a little-endian long, zeros after a shorter id's end. */
    private static long head(byte[] text, int from, int length) {
        if (length >= INLINE) {
            return (long) LONG_VIEW.get(text, from);
        }
        long head = 0;
        for (int i = length - 1; i >= 0; i--) {
            head = head << 8 | text[from + i] & 0xFF;
        }
        return head;
    }

    /** The id with {@code index}. */
    String id(int index) {
        return new String(bytes, starts[index], starts[index + 1] - starts[index], StandardCharsets.ISO_8859_1);
    }

    int size() {
        return size;
    }

    /** The id's hash: {@code 31 * h + b} over its (unsigned) bytes, which is {@link String#hashCode} of {@link #id}. */
    int hash(int index) {
        return hashes[index];
    }

    /** Whether the id with {@code index} is {@code id}, compared without making a String. */
    boolean sameId(int index, String id) {
        int start = starts[index];
        int length = starts[index + 1] - start;
        if (id.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (id.charAt(i) != (char) (bytes[start + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private void append(byte[] text, int from, int to, int hash) {
        int length = to - from;
        int end = starts[size];
        if (end + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, end + length));
        }
        System.arraycopy(text, from, bytes, end, length);
        if (size + 2 > starts.length) {
            starts = Arrays.copyOf(starts, 2 * starts.length);
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, 2 * size);
        }
        hashes[size] = hash;
        starts[++size] = end + length;
    }

    /** Twice the slots, each id put back by its hash. */
    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        shift--;
        for (int s = 0; s < old.length; s += 2) {
            if (old[s + 1] != 0) {
                int slot = 2 * ((hashes[(int) (old[s + 1] >>> 32) - 1] * PHI) >>> shift);
                while (slots[slot + 1] != 0) {
                    slot = (slot + 2) & (slots.length - 1);
                }
                slots[slot] = old[s];
                slots[slot + 1] = old[s + 1];
            }
        }
    }
}
