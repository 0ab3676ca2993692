package io.recflow.ml.nn;

import ai.djl.ndarray.NDArray;

/**
 * One attention layer's keys and values, (users, rows per user, heads, tokens, head size). Kept
 * from a history's pass so that continuations of that history attend to it without recomputing it.
 */
public record KeyValues(NDArray keys, NDArray values) {
}
