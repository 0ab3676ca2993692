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

    /**
     * Overrides at positions counted within each row's real tokens (position 0 is a row's first real
     * token, wherever padding puts it): {@code positions[r]} for row r, {@code values} holding their
     * embeddings row by row in the same order.
     */
    public static EmbeddingOverrides atPositions(TokenBatch batch, int[][] positions, NDArray values) {
        int count = 0;
        for (int[] p : positions) {
            count += p.length;
        }
        int[] rows = new int[count];
        int[] columns = new int[count];
        int next = 0;
        for (int r = 0; r < positions.length; r++) {
            int first = 0;
            while (!batch.valid()[r * batch.length() + first]) {
                first++;
            }
            for (int p : positions[r]) {
                rows[next] = r;
                columns[next++] = first + p;
            }
        }
        return new EmbeddingOverrides(rows, columns, values);
    }

    public EmbeddingOverrides {
        if (rows.length != columns.length || values.getShape().get(0) != rows.length) {
            throw new IllegalArgumentException(rows.length + " rows, " + columns.length + " columns and "
                    + values.getShape().get(0) + " embeddings must correspond");
        }
    }
}
