package io.recflow.ml.llm;

/**
 * Token ids of several sequences as one (rows, length) block, with which cells are real tokens.
 * Pads (id 0) are masked out of attention and skipped when counting positions, so their id is irrelevant.
 *
 * <p>Prompts are left-padded: every row's last token sits in the last column, so the next-token
 * logits of all rows are read from one column and generated tokens are appended to all rows in
 * lockstep. Continuations scored after a shared prompt are right-padded (nothing follows them).
 *
 * @param ids   row-major (rows x length)
 * @param valid row-major, false at pads
 */
public record TokenBatch(int rows, int length, long[] ids, boolean[] valid) {

    public TokenBatch {
        if (ids.length != rows * length || valid.length != ids.length) {
            throw new IllegalArgumentException("a " + rows + " x " + length + " batch needs " + rows * length
                    + " ids and flags, got " + ids.length + " and " + valid.length);
        }
    }

    public static TokenBatch leftPadded(int[][] sequences) {
        return padded(sequences, true);
    }

    public static TokenBatch rightPadded(int[][] sequences) {
        return padded(sequences, false);
    }

    /** One new token per row, e.g. a decoding step. */
    public static TokenBatch column(int[] tokens) {
        int[][] rows = new int[tokens.length][];
        for (int r = 0; r < tokens.length; r++) {
            rows[r] = new int[]{tokens[r]};
        }
        return leftPadded(rows);
    }

    private static TokenBatch padded(int[][] sequences, boolean left) {
        int rows = sequences.length;
        int length = 0;
        for (int[] s : sequences) {
            if (s.length == 0) {
                throw new IllegalArgumentException("empty sequence");
            }
            length = Math.max(length, s.length);
        }
        long[] ids = new long[rows * length];
        boolean[] valid = new boolean[ids.length];
        for (int r = 0; r < rows; r++) {
            int start = r * length + (left ? length - sequences[r].length : 0);
            for (int t = 0; t < sequences[r].length; t++) {
                ids[start + t] = sequences[r][t];
                valid[start + t] = true;
            }
        }
        return new TokenBatch(rows, length, ids, valid);
    }
}
