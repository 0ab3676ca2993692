package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;

/** The forward pass of an encoder over left-padded item ids, as inference and the next-item loss see it. */
interface EncoderNetwork {

    /** Its input and output ends. */
    SequenceEmbedding embedding();

    /** Final hidden states (B, T, d) for padded input ids (B, T) of type int64 (item index + 1, 0 = padding). */
    NDArray hidden(NDArray inputIds);
}
