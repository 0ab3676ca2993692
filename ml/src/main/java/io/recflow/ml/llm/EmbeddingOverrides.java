package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;

/**
 * Input embeddings that replace the token embeddings at given cells of a {@link TokenBatch}, as
 * LLaRA's hybrid prompt puts a projected item representation at each item placeholder token.
 * Gradients flow into {@code values}, so the projector that makes them can train through a frozen
 * model.
 *
 * @param rows    row of each replaced cell
 * @param columns column of each replaced cell
 * @param values  (cells, hidden) replacement embeddings, in the forward pass's manager
 */
public record EmbeddingOverrides(int[] rows, int[] columns, NDArray values) {

    public EmbeddingOverrides {
        if (rows.length != columns.length || values.getShape().get(0) != rows.length) {
            throw new IllegalArgumentException(rows.length + " rows, " + columns.length + " columns and "
                    + values.getShape().get(0) + " embeddings must correspond");
        }
    }
}
