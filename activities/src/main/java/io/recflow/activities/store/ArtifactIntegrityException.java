package io.recflow.activities.store;

/**
 * The bytes read for an artifact do not hash to the SHA-256 its reference names: the stored object was
 * modified, truncated or replaced. Retrying will not help; the artifact must be rewritten.
 */
public class ArtifactIntegrityException extends ArtifactStoreException {

    private final String uri;
    private final String expectedSha256;
    private final String actualSha256;

    public ArtifactIntegrityException(String uri, String expectedSha256, long expectedSize,
                                      String actualSha256, long actualSize) {
        super("artifact " + uri + " failed verification: expected sha256 " + expectedSha256
                + (expectedSize >= 0 ? " (" + expectedSize + " bytes)" : "")
                + " but the stored object hashes to " + actualSha256 + " (" + actualSize + " bytes);"
                + " the object was modified or corrupted in the store. Re-run the step that produced it.");
        this.uri = uri;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    public String uri() {
        return uri;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}
