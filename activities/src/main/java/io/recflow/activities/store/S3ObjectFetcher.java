package io.recflow.activities.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.recflow.activities.datasets.ObjectFetcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ObjectFetcher} over the artifact store's S3 client: reads raw input objects for ingestion.
 * Not a CDI bean on purpose (the ingest wiring decides): {@code new S3ObjectFetcher(artifactStore)}.
 */
public class S3ObjectFetcher implements ObjectFetcher {

    private final ArtifactStore store;

    public S3ObjectFetcher(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public boolean bucketExists(String bucket) throws IOException {
        BucketExistsArgs args;
        try {
            args = BucketExistsArgs.builder().bucket(bucket).build();
        } catch (IllegalArgumentException e) {
            return false;  // a name S3 does not allow (e.g. upper case) names no bucket
        }
        try {
            return client().bucketExists(args);
        } catch (MinioException e) {
            throw io("look for the bucket", bucket, "", e);
        }
    }

    @Override
    public boolean exists(String bucket, String key) throws IOException {
        try {
            client().statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (notFound(e)) {
                return false;
            }
            throw io("stat", bucket, key, e);
        } catch (MinioException e) {
            throw io("stat", bucket, key, e);
        }
    }

    @Override
    public List<String> list(String bucket, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> result : client().listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(false).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    keys.add(item.objectName());
                }
            }
        } catch (MinioException e) {
            throw io("list", bucket, prefix, e);
        }
        return keys;
    }

    @Override
    public Path fetch(String bucket, String key) throws IOException {
        Path file = Files.createTempFile("recflow-input-", ".bin");
        try (InputStream in = client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (ErrorResponseException e) {
            Files.deleteIfExists(file);
            if (notFound(e)) {
                throw new NoSuchFileException("s3://" + bucket + "/" + key);
            }
            throw io("read", bucket, key, e);
        } catch (MinioException | IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException rt) {
                throw rt;
            }
            throw io("read", bucket, key, (MinioException) e);
        }
    }

    private MinioClient client() {
        return store.client();
    }

    private static boolean notFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchBucket".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private static IOException io(String what, String bucket, String key, MinioException e) {
        return new IOException("cannot " + what + " s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
}
