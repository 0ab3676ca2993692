package io.recflow.ml.llara;

/**
 * A prompt that does not fit the model's budget even with no history left in it: what it must list (the candidates'
 * titles) is too long. Bad input of the request that asked for it, not a fault of the model.
 */
public final class PromptTooLongException extends IllegalArgumentException {

    PromptTooLongException(String message) {
        super(message);
    }
}
