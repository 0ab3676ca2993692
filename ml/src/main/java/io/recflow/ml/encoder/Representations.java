package io.recflow.ml.encoder;

import io.recflow.ml.progress.ProgressListener;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A sequence encoder's vectors for many histories (a gate's inputs, LLaRA's representations), computed in
 * chunks and checked for count and width. Each chunk is reported as work done: encoding every training history
 * (tens of thousands) takes minutes on a busy CPU before a training has any step to report, and a caller that
 * heartbeats on reports would time out.
 */
public final class Representations {

    static final int CHUNK = 1024;

    private Representations() {
    }

    /**
     * @param encode    histories (item indexes, oldest first) to one vector each
     * @param dimension the width every vector must have
     * @param what      what the vectors are, for messages ("gate input")
     */
    public static float[][] inChunks(Function<int[][], float[][]> encode, int[][] histories, int dimension,
                                     String what, ProgressListener work) {
        float[][] all = new float[histories.length][];
        for (int from = 0; from < histories.length; from += CHUNK) {
            int to = Math.min(histories.length, from + CHUNK);
            float[][] part = encode.apply(Arrays.copyOfRange(histories, from, to));
            if (part.length != to - from) {
                throw new IllegalArgumentException("the encoder gave " + part.length + " " + what + "s for "
                        + (to - from) + " histories");
            }
            for (float[] v : part) {
                if (v.length != dimension) {
                    throw new IllegalArgumentException("a " + what + " has " + v.length + " values where "
                            + dimension + " are expected");
                }
            }
            System.arraycopy(part, 0, all, from, part.length);
            work.onWork();
        }
        return all;
    }
}
