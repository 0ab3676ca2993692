package io.recflow.activities.lineage;

/** A run, step, artifact, model, version or alias named in a request is not recorded. */
public class LineageNotFoundException extends RuntimeException {

    public LineageNotFoundException(String message) {
        super(message);
    }
}
