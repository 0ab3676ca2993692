package io.recflow.ml.llm.gguf;

import java.io.IOException;

/**
 * A GGUF file, or the model in it, is not what a reader or converter can use: the message names
 * what is wrong (the key, the tensor, the byte offset), since "cannot load model" alone tells the
 * person holding a 100 MB file nothing.
 */
public final class GgufException extends IOException {

    public GgufException(String message) {
        super(message);
    }
}
