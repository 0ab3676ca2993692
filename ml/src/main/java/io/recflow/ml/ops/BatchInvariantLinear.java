package io.recflow.ml.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.function.UnaryOperator;

/**
 * y = x W^T + b (and x times any matrix its rows share) whose every row comes out bit for bit the same
 * whatever other rows share the call, so that a request answered in a batch gets the answer it would get
 * alone.
 *
 * <p>PyTorch's CPU matmul (MKL) computes a product of few rows on other paths than a product of many
 * (matrix-vector and small-matrix kernels), whose sums round differently in the last bits. How few
 * depends on the shape: below 3 rows for most of recflow's layers, below 16 for the narrowest
 * (64 inputs to 2 outputs) and the 256-wide feed-forward output; from 16 rows on, each row's result
 * came out the same for every row count measured here (16 to 2,559, for every shape of recflow's
 * models; the serving tests check it end to end). So fewer rows are padded with zero rows to 16, and
 * the padding is dropped again: a few hundred multiply-adds, against a different answer.
 */
public final class BatchInvariantLinear {

    /** Fewest rows from which MKL's row results do not depend on the number of rows. */
    private static final int STABLE_ROWS = 16;

    private BatchInvariantLinear() {
    }

    /** {@code x} (..., in), {@code weight} (out, in), {@code bias} (out) or null; returns (..., out). */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long in = shape.get(shape.dimension() - 1);
        long rows = shape.size() / in;
        if (rows == 0) {
            return linear(x, weight, bias);
        }
        // Always two-dimensional: PyTorch adds the bias of a 2-D input inside the GEMM (addmm) but that
        // of a 3-D one after it (matmul, then add), and on some CPUs the two round differently.
        NDArray y = onStableRows(x.reshape(rows, in), 0, flat -> linear(flat, weight, bias));
        long[] outShape = shape.getShape().clone(); // getShape() hands out the shape's own array
        outShape[outShape.length - 1] = weight.getShape().get(0);
        return y.reshape(new Shape(outShape));
    }

    /**
     * Each user's rows times that user's own weight: {@code x} (users, rows, in), {@code weights}
     * (users, in, out) (transposed, as the product reads them), {@code bias} (out) or null; returns
     * (users, rows, out). A user's result depends neither on how many users share the call (each is its
     * own product) nor, from the same padding as {@link #apply}, on how many rows it has.
     */
    public static NDArray applyPerUser(NDArray x, NDArray weights, NDArray bias) {
        NDArray y = matMul(x, 1, weights);
        return bias == null ? y : y.add(bias);
    }

    /**
     * {@code x.matMul(y)} with x's rows along {@code rowAxis} (the product's second-to-last axis), each
     * row's result the same whatever the number of rows, e.g. a user's query rows against keys they share.
     */
    public static NDArray matMul(NDArray x, int rowAxis, NDArray y) {
        return onStableRows(x, rowAxis, padded -> padded.matMul(y));
    }

    /**
     * {@code product} of {@code x}, whose rows run along {@code rowAxis}: of x padded with zero rows to
     * {@value #STABLE_ROWS} when it has fewer, the padding's results dropped again.
     */
    private static NDArray onStableRows(NDArray x, int rowAxis, UnaryOperator<NDArray> product) {
        long[] shape = x.getShape().getShape().clone(); // getShape() hands out the shape's own array
        long rows = shape[rowAxis];
        if (rows >= STABLE_ROWS) {
            return product.apply(x);
        }
        shape[rowAxis] = STABLE_ROWS - rows;
        NDArray padded = x.concat(x.getManager().zeros(new Shape(shape), x.getDataType()), rowAxis);
        return product.apply(padded).get(new NDIndex(":, ".repeat(rowAxis) + ":{}", rows));
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }
}
