package io.recflow.ml.llara;

import io.recflow.ml.encoder.Representations;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.progress.ProgressListener;

import java.util.function.Function;

/**
 * What the language model reads from the frozen sequence encoder: every item's embedding (projected
 * into the hybrid prompt's placeholders) and a representation of a history (the experts' gate).
 *
 * @param itemEmbeddings  by item index, each of the encoder's dimension
 * @param representations histories (item indexes, oldest first) to one vector each, of the same dimension
 */
public record CollaborativeSignals(float[][] itemEmbeddings, Function<int[][], float[][]> representations) {

    public static CollaborativeSignals of(SequenceEncoder encoder) {
        return new CollaborativeSignals(encoder.itemEmbeddings(), encoder::represent);
    }

    public int dimension() {
        return itemEmbeddings[0].length;
    }

    /** The representations of {@code histories}, checked for count and dimension. */
    float[][] represent(int[][] histories) {
        return represent(histories, ProgressListener.NO_OP);
    }

    /** The same, in chunks that each report work: a training's every history ({@link Representations}). */
    float[][] represent(int[][] histories, ProgressListener work) {
        return Representations.inChunks(representations, histories, dimension(), "representation", work);
    }
}
