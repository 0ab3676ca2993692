package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.nn.TransformerBlock;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.util.Arrays;
import java.util.Random;

/**
 * The input and output ends of an encoder over item ids, shared by SASRec and CaseQ: an item
 * embedding (row 0 is padding, item {@code i} is row {@code i + 1}) plus a learned positional
 * embedding going in, and dot products with the same item embeddings coming out. Inputs are
 * left-padded to {@code maxLength}, so the newest item always sits in the last slot and carries the
 * last position embedding, in training and at inference alike.
 *
 * <p>Every operation takes a batch array as its first operand, so that results land in the batch's
 * manager (DJL attaches a result to its first operand's) and none in the model's.
 */
final class SequenceEmbedding {

    static final long PADDING = 0;

    private final int itemCount;
    private final int maxLength;
    private final int dimension;
    private final Parameter items;
    private final Parameter positions;

    SequenceEmbedding(ParameterStore store, int itemCount, int maxLength, int dimension, Random random) {
        this.itemCount = itemCount;
        this.maxLength = maxLength;
        this.dimension = dimension;
        this.items = store.add("item_embedding", new Shape(itemCount + 1, dimension),
                Initialization.normal(random, (itemCount + 1) * dimension, TransformerBlock.WEIGHT_STD));
        this.positions = store.add("position_embedding", new Shape(maxLength, dimension),
                Initialization.normal(random, maxLength * dimension, TransformerBlock.WEIGHT_STD));
    }

    int itemCount() {
        return itemCount;
    }

    int maxLength() {
        return maxLength;
    }

    int dimension() {
        return dimension;
    }

    /**
     * Inputs (B, T, d) for left-padded ids (B, T) of type int64, T at most the maximum length: item plus
     * position embedding, zero at padding. The newest slot gets the last position embedding whatever T is,
     * so a window shortened to the history it holds (inference's size classes) means the same.
     */
    NDArray embed(NDArray inputIds) {
        NDArray itemVectors = inputIds.getNDArrayInternal()
                .embedding(inputIds, items.array(), SparseFormat.DENSE).singletonOrThrow();
        return itemVectors.add(lastPositions(inputIds)).mul(valid(inputIds).expandDims(2));
    }

    /** The position embeddings of the last T slots, (T, d): the whole table for a full window. */
    private NDArray lastPositions(NDArray inputIds) {
        long length = inputIds.getShape().get(1);
        if (length == maxLength) {
            return positions.array();
        }
        // A slice of the table lands in the table's manager: move it to the batch's, freed with it.
        NDArray last = positions.array().get(new NDIndex("{}:", maxLength - length));
        last.attach(inputIds.getManager());
        return last;
    }

    /**
     * Additive attention bias (B, 1, 1, T, T) for {@link TransformerBlock}: slot t may attend to slots
     * <= t that hold an item. A padding query attends to nothing real; its output is never read.
     */
    NDArray attentionBias(NDArray inputIds) {
        NDManager manager = inputIds.getManager();
        int t = (int) inputIds.getShape().get(1);
        NDArray padding = valid(inputIds).sub(scalar(manager, 1f)).mul(scalar(manager, -AttentionMasks.MASKED))
                .reshape(-1, 1, 1, 1, t);
        return padding.add(manager.create(AttentionMasks.causal(t), new Shape(t, t)));
    }

    /** 1 where a slot holds an item, 0 where it is padding: (B, T) float32. */
    private NDArray valid(NDArray inputIds) {
        return inputIds.neq(inputIds.getManager().full(new Shape(), PADDING, DataType.INT64))
                .toType(DataType.FLOAT32, false);
    }

    /** Next-item logits (..., itemCount) for hidden states (..., d): dot products with the item embeddings. */
    NDArray logits(NDArray hidden) {
        // The real items' rows are a contiguous view of the table, so the logits come out contiguous. Slicing
        // the padding column off the logits instead made log-softmax copy them and its gradient zero-fill a
        // (slots x catalogue) array: a fifth of a SASRec training step over 12,000 items.
        NDArray realItems = items.array().get(new NDIndex("1:"));
        // The view lands in the table's manager: move it to the batch's, freed with it.
        realItems.attach(hidden.getManager());
        return hidden.getNDArrayInternal().linear(hidden, realItems, null).singletonOrThrow();
    }

    /** Host copies of the real items' embeddings, indexed by item. */
    float[][] itemVectors() {
        float[] flat = items.array().toFloatArray();
        float[][] vectors = new float[itemCount][];
        for (int item = 0; item < itemCount; item++) {
            vectors[item] = Arrays.copyOfRange(flat, (item + 1) * dimension, (item + 2) * dimension);
        }
        return vectors;
    }

    private static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }
}
