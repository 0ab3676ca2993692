package io.recflow.activities.datasets;

/**
 * A growable column of longs in fixed-size blocks: appending never copies what is already there, so a
 * column of tens of millions of values never needs twice its size while it grows (an array doubling
 * would).
 */
final class LongColumn {

    private static final int BLOCK_BITS = 16;
    private static final int BLOCK = 1 << BLOCK_BITS;

    private long[][] blocks = new long[8][];
    private int size;

    void add(long value) {
        int block = size >>> BLOCK_BITS;
        if (block == blocks.length) {
            blocks = java.util.Arrays.copyOf(blocks, block * 2);
        }
        if (blocks[block] == null) {
            blocks[block] = new long[BLOCK];
        }
        blocks[block][size & (BLOCK - 1)] = value;
        if (++size < 0) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " values in one column");
        }
    }

    long get(int index) {
        return blocks[index >>> BLOCK_BITS][index & (BLOCK - 1)];
    }

    int size() {
        return size;
    }

    /** Drops every value, giving back their memory. */
    void clear() {
        blocks = new long[8][];
        size = 0;
    }
}
