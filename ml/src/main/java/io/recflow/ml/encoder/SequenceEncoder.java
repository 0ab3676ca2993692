package io.recflow.ml.encoder;

import io.recflow.ml.recommend.Recommender;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A trained sequence encoder (SASRec or CaseQ). Its frozen representation of a history gates iLoRA,
 * its item embeddings feed the tokenizer's collaborative level, and it is a sequential baseline as a
 * {@link Recommender} (score = representation · item embedding; nothing is excluded, not even the
 * history). Histories are dense item indexes, oldest first; only the last {@code maxLength} items
 * are read. Inference may run on several threads at once. Owns native memory: close it.
 */
public interface SequenceEncoder extends Recommender, AutoCloseable {

    /** The name it is trained and stored under, e.g. {@code sasrec} ({@link SequenceEncoders#KINDS}). */
    String kind();

    int itemCount();

    /** Size of a representation and of an item embedding. */
    int dimension();

    /**
     * The hidden state at the newest item of each history. An empty history yields the
     * context-free state of an all-padding input.
     */
    float[][] represent(int[][] histories);

    /** The learned embedding of every item, indexed by item (itemCount x dimension). */
    float[][] itemEmbeddings();

    /** Writes the kind, config, catalogue size and weights; {@link SequenceEncoders#load} restores an identical model. */
    void save(OutputStream out) throws IOException;

    @Override
    void close();
}
