package io.recflow.activities.finetune;

import io.recflow.ml.generative.GenerativeModel;

/** A loaded base backbone and the bytes it was loaded from (they go into the model bundle as they are). */
record LoadedBase(GenerativeModel model, byte[] bytes) implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
