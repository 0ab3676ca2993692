package io.recflow.activities.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads objects from S3 / MinIO for {@link SourceResolver}; implemented by the activity wiring with the
 * MinIO client (this package does no network I/O itself).
 */
public interface ObjectFetcher {

    /** True when the bucket exists; a missing bucket is bad input, unlike an unreachable server. */
    boolean bucketExists(String bucket) throws IOException;

    /** True when an object with exactly this key exists. */
    boolean exists(String bucket, String key) throws IOException;

    /**
     * The keys of the objects directly under {@code prefix} (which ends with {@code /}, or is empty
     * for the bucket root), not recursing into deeper "folders". Full keys, in any order.
     */
    List<String> list(String bucket, String prefix) throws IOException;

    /**
     * Downloads one object to a new local file and returns it. The caller owns the file and deletes it
     * (see {@link DataLocation#close()}). Throws {@link java.nio.file.NoSuchFileException} when the
     * key does not exist.
     */
    Path fetch(String bucket, String key) throws IOException;
}
