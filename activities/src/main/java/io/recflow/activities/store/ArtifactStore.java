package io.recflow.activities.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.quarkus.runtime.StartupEvent;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed artifact storage in S3 / MinIO: an artifact lives at
 * {@code s3://<bucket>/artifacts/<kind>/<sha256>}. Writing the same content twice is a no-op (the hash
 * is computed before the upload and an existing object is not rewritten), uploads come from complete
 * local files or byte arrays with a known size (an S3 object only becomes visible once it is complete,
 * so no reader ever sees a partial artifact), and every read verifies the hash.
 */
@ApplicationScoped
public class ArtifactStore {

    private static final Logger LOG = Logger.getLogger(ArtifactStore.class);
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String PREFIX = "artifacts/";
    private static final String CONTENT_TYPE = "application/octet-stream";
    /**
     * Parts of a multipart upload. The client's default, the smallest S3 allows (5 MiB), sends a 10 M-interaction
     * data set (85 MB) in 17 requests, which the store then joins; at 128 MiB such an artifact is one PUT.
     */
    private static final long UPLOAD_PART_BYTES = 128L << 20;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;
    private final Path spoolDir;
    private volatile boolean bucketReady;

    @Inject
    public ArtifactStore(
            @ConfigProperty(name = "recflow.s3.endpoint", defaultValue = "http://localhost:9000") String endpoint,
            @ConfigProperty(name = "recflow.s3.access-key", defaultValue = "minioadmin") String accessKey,
            @ConfigProperty(name = "recflow.s3.secret-key", defaultValue = "minioadmin") String secretKey,
            @ConfigProperty(name = "recflow.s3.bucket", defaultValue = "recflow") String bucket,
            @ConfigProperty(name = "recflow.s3.region", defaultValue = "us-east-1") String region,
            @ConfigProperty(name = "recflow.s3.spool-dir") Optional<Path> spoolDir) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
        // An unreachable endpoint (a host that drops packets) fails after CONNECT_TIMEOUT rather than the client's
        // 5 minutes, which a health probe or a request would otherwise wait out; reads and writes keep their 5.
        client.setTimeout(CONNECT_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis(), TRANSFER_TIMEOUT.toMillis());
        this.spoolDir = spoolDir.orElse(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** For the CDI client proxy only. */
    protected ArtifactStore() {
        this.client = null;
        this.endpoint = null;
        this.bucket = null;
        this.spoolDir = null;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            ensureBucket();
        } catch (ArtifactStoreException e) {
            // Not fatal at startup (S3 may come up later); the first write retries.
            LOG.warnf("artifact bucket %s at %s not ready yet: %s", bucket, endpoint, e.getMessage());
        }
    }

    /** Creates the bucket when it is missing. Safe to call concurrently and repeatedly. */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        synchronized (this) {
            if (bucketReady) {
                return;
            }
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                        LOG.infof("created artifact bucket %s at %s", bucket, endpoint);
                    } catch (ErrorResponseException e) {
                        String code = e.errorResponse().code();
                        if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                            throw e;
                        }
                    }
                }
                bucketReady = true;
            } catch (MinioException e) {
                throw new ArtifactStoreException("cannot reach or create bucket " + bucket + " at " + endpoint
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** Stores a local file (read twice: once to hash, once to upload; never modified). */
    public ArtifactRef put(String kind, Path file, Map<String, String> metadata) {
        requireKind(kind);
        ArtifactHasher.Digest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = ArtifactHasher.copyAndHash(in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to store it as a " + kind + " artifact", e);
        }
        return upload(kind, file, digest, metadata);
    }

    private ArtifactRef upload(String kind, Path file, ArtifactHasher.Digest digest, Map<String, String> metadata) {
        ArtifactRef ref = ref(kind, digest.sha256(), digest.size());
        try {
            if (!alreadyStored(ref)) {
                client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key(kind, digest.sha256()))
                        .filename(file.toString(), UPLOAD_PART_BYTES).contentType(CONTENT_TYPE)
                        .userMetadata(userMetadata(kind, digest.sha256(), metadata)).build());
                // The file could have changed between hashing and uploading: check what S3 holds now.
                checkStoredSize(ref);
                LOG.debugf("stored %s (%d bytes)", ref.uri(), ref.size());
            }
            return ref;
        } catch (MinioException e) {
            throw new ArtifactStoreException("cannot store " + file + " as a " + kind + " artifact at " + endpoint
                    + ": " + e.getMessage(), e);
        }
    }

    public ArtifactRef put(String kind, Path file) {
        return put(kind, file, Map.of());
    }

    /** Stores bytes that are already complete in memory (small artifacts: manifests, reports). */
    public ArtifactRef put(String kind, byte[] content, Map<String, String> metadata) {
        requireKind(kind);
        ArtifactRef ref = ref(kind, ArtifactHasher.sha256(content), content.length);
        try {
            if (!alreadyStored(ref)) {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key(kind, ref.sha256()))
                        .stream(new ByteArrayInputStream(content), (long) content.length, null)
                        .contentType(CONTENT_TYPE).userMetadata(userMetadata(kind, ref.sha256(), metadata)).build());
                LOG.debugf("stored %s (%d bytes)", ref.uri(), ref.size());
            }
            return ref;
        } catch (MinioException e) {
            throw new ArtifactStoreException("cannot store a " + kind + " artifact at " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    public ArtifactRef put(String kind, byte[] content) {
        return put(kind, content, Map.of());
    }

    /** Writes an artifact's bytes to a stream (a model's save, a codec's write). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Stores a stream of unknown length: spooled to a temp file while hashing, then uploaded from it.
     * The stream is read to its end but not closed.
     */
    public ArtifactRef put(String kind, InputStream content, Map<String, String> metadata) {
        return put(kind, out -> content.transferTo(out), metadata);
    }

    /**
     * Stores what {@code content} writes, spooled to a temp file while hashing, then uploaded from it: a
     * large artifact (a data set of millions of interactions) is never whole in memory.
     */
    public ArtifactRef put(String kind, Content content, Map<String, String> metadata) {
        requireKind(kind);
        Path spool = null;
        try {
            Files.createDirectories(spoolDir);
            spool = Files.createTempFile(spoolDir, "recflow-" + kind + "-", ".part");
            MessageDigest digest = ArtifactHasher.newDigest();
            try (OutputStream out = new DigestOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16), digest)) {
                content.writeTo(out);
            }
            return upload(kind, spool, new ArtifactHasher.Digest(ArtifactHasher.hex(digest), Files.size(spool)),
                    metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool a " + kind + " artifact to " + spoolDir, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** True when the artifact's object exists in the store (its content is not read). */
    public boolean exists(ArtifactRef ref) {
        S3Location location = S3Location.parse(ref.uri());
        try {
            return stat(location).isPresent();
        } catch (MinioException e) {
            throw new ArtifactStoreException("cannot check " + ref.uri() + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the artifact's object (garbage collection); one that is already gone is no error. */
    public void delete(ArtifactRef ref) {
        S3Location location = S3Location.parse(ref.uri());
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
        } catch (MinioException e) {
            throw new ArtifactStoreException("cannot delete " + ref.uri() + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the artifact for reading. The stream verifies size and hash when it reaches the end and
     * then throws {@link ArtifactIntegrityException} on a mismatch: read it to the end before trusting
     * what was read (or use {@link #download}).
     */
    public InputStream open(ArtifactRef ref) {
        S3Location location = S3Location.parse(ref.uri());
        try {
            InputStream in = client.getObject(GetObjectArgs.builder().bucket(location.bucket()).object(location.key()).build());
            return new ArtifactHasher.VerifyingInputStream(in, ref.uri(), ref.sha256(), ref.size());
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                throw new ArtifactStoreException("artifact " + ref.uri() + " does not exist in the store at " + endpoint, e);
            }
            throw new ArtifactStoreException("cannot read " + ref.uri() + ": " + e.getMessage(), e);
        } catch (MinioException e) {
            throw new ArtifactStoreException("cannot read " + ref.uri() + " at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    /**
     * Downloads and verifies the artifact into {@code target} (replaced atomically: the file appears
     * only once it is complete and verified). Returns {@code target}.
     */
    public Path download(ArtifactRef ref, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path part = null;
        try {
            Files.createDirectories(dir);
            part = Files.createTempFile(dir, target.getFileName().toString(), ".part");
            try (InputStream in = open(ref); OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + ref.uri() + " to " + target, e);
        } finally {
            deleteQuietly(part);
        }
    }

    /** Downloads and verifies the artifact into a new temp file that the caller owns and deletes. */
    public Path download(ArtifactRef ref) {
        try {
            Files.createDirectories(spoolDir);
            Path file = Files.createTempFile(spoolDir, "recflow-" + ref.kind() + "-", ".bin");
            try {
                return download(ref, file);
            } catch (RuntimeException e) {
                deleteQuietly(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp file in " + spoolDir, e);
        }
    }

    /** Reads and verifies a small artifact into memory. */
    public byte[] getBytes(ArtifactRef ref) {
        try (InputStream in = open(ref)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.uri(), e);
        }
    }

    /** The reference an artifact of this kind and content has in this store's bucket. */
    public ArtifactRef ref(String kind, String sha256, long size) {
        requireKind(kind);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        return new ArtifactRef("s3://" + bucket + "/" + key(kind, sha256), sha256, size, kind);
    }

    public String bucket() {
        return bucket;
    }

    public String endpoint() {
        return endpoint;
    }

    /** The underlying client, for callers that read non-artifact objects (e.g. raw input data). */
    public MinioClient client() {
        return client;
    }

    private boolean alreadyStored(ArtifactRef ref) throws MinioException {
        ensureBucket();
        Optional<StatObjectResponse> stat = stat(S3Location.parse(ref.uri()));
        if (stat.isEmpty()) {
            return false;
        }
        if (stat.get().size() != ref.size()) {
            // Same key, different length: the stored object is damaged. Content addressing lets us
            // simply write the right bytes again.
            LOG.warnf("%s holds %d bytes, expected %d: rewriting it", ref.uri(), stat.get().size(), ref.size());
            return false;
        }
        return true;
    }

    private void checkStoredSize(ArtifactRef ref) throws MinioException {
        Optional<StatObjectResponse> stat = stat(S3Location.parse(ref.uri()));
        if (stat.isEmpty() || stat.get().size() != ref.size()) {
            throw new ArtifactStoreException("upload of " + ref.uri() + " did not produce the expected "
                    + ref.size() + " bytes (was the source file modified while it was being stored?)");
        }
    }

    private Optional<StatObjectResponse> stat(S3Location location) throws MinioException {
        try {
            return Optional.of(client.statObject(StatObjectArgs.builder().bucket(location.bucket()).object(location.key()).build()));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private static String key(String kind, String sha256) {
        return PREFIX + kind + "/" + sha256;
    }

    private static void requireKind(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("artifact kind must be lower-case letters, digits and '-': " + kind);
        }
    }

    private static Map<String, String> userMetadata(String kind, String sha256, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((k, v) -> {
            if (k != null && v != null) {
                // S3 user metadata travels in HTTP headers: ASCII only.
                meta.put(k.toLowerCase().replaceAll("[^a-z0-9-]", "-"), URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        meta.put("recflow-kind", kind);
        meta.put("recflow-sha256", sha256);
        return meta;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("cannot delete %s: %s", file, e.getMessage());
            }
        }
    }
}
