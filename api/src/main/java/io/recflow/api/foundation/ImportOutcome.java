package io.recflow.api.foundation;

/** The answer to an import request: the model (IMPORTED or IMPORTING) and whether this request started anything. */
public record ImportOutcome(FoundationModelView model, boolean started) {
}
