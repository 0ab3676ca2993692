package io.recflow.activities.store;

/** An artifact could not be written or read (S3 unreachable, object missing, hash mismatch...). */
public class ArtifactStoreException extends RuntimeException {

    public ArtifactStoreException(String message) {
        super(message);
    }

    public ArtifactStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
