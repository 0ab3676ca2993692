package io.recflow.api.infra;

import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.activities.store.ArtifactIntegrityException;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.activities.store.ArtifactStoreException;
import io.recflow.activities.store.S3Location;
import io.recflow.activities.store.S3ObjectFetcher;
import io.recflow.workflows.ArtifactRef;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The artifact store against the embedded s3proxy (filesystem backend): no mocks. */
@QuarkusTest
@WithTestResource(value = EmbeddedInfraTestResource.class, scope = TestResourceScope.GLOBAL)
class ArtifactStoreTest {

    @Inject
    ArtifactStore store;

    @TempDir
    Path tmp;

    @Test
    void putFileThenGetVerifiedCopy() throws Exception {
        byte[] content = randomBytes(3 * 1024 * 1024 + 17); // above one read buffer, below multipart
        Path file = Files.write(tmp.resolve("dataset.bin"), content);

        ArtifactRef ref = store.put("dataset", file, Map.of("source", "unit test", "rows", "42"));

        String sha = sha256(content);
        assertEquals("s3://recflow/artifacts/dataset/" + sha, ref.uri());
        assertEquals(sha, ref.sha256());
        assertEquals(content.length, ref.size());
        assertEquals("dataset", ref.kind());
        assertTrue(store.exists(ref));

        Path copy = store.download(ref, tmp.resolve("out/copy.bin"));
        assertArrayEquals(content, Files.readAllBytes(copy));
        assertArrayEquals(content, store.getBytes(ref));
        try (InputStream in = store.open(ref)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    /** Above the store's 128 MiB part size: the client uploads it in two parts, and the copy read back is whole. */
    @Test
    void aFileAboveThePartSizeGoesUpInPartsAndComesBackWhole() throws Exception {
        Path file = tmp.resolve("checkpoint.bin");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 129; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        ArtifactRef ref = store.put("checkpoint", file, Map.of());
        assertEquals(HexFormat.of().formatHex(digest.digest()), ref.sha256());
        assertEquals(129L << 20, ref.size());
        S3Location loc = S3Location.parse(ref.uri());
        String etag = store.client().statObject(StatObjectArgs.builder().bucket(loc.bucket()).object(loc.key()).build())
                .etag();
        assertTrue(etag.endsWith("-2"), "S3 names a multipart object's parts in its ETag; this one: " + etag);
        Files.delete(file);
        Path copy = store.download(ref);
        try {
            assertEquals(ref.size(), Files.size(copy));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void streamAndBytesAndFileOfSameContentAreOneObject() throws Exception {
        byte[] content = ("report " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ArtifactRef fromBytes = store.put("eval-report", content);
        ArtifactRef fromStream = store.put("eval-report", new ByteArrayInputStream(content), Map.of());
        ArtifactRef fromFile = store.put("eval-report", Files.write(tmp.resolve("r.json"), content), Map.of());
        assertEquals(fromBytes, fromStream);
        assertEquals(fromBytes, fromFile);
    }

    @Test
    void secondPutOfSameContentDoesNotRewriteTheObject() throws Exception {
        byte[] content = randomBytes(4096);
        ArtifactRef first = store.put("split", content);
        S3Location loc = S3Location.parse(first.uri());
        var before = store.client().statObject(StatObjectArgs.builder().bucket(loc.bucket()).object(loc.key()).build());
        Thread.sleep(1100); // Last-Modified has one-second resolution

        ArtifactRef second = store.put("split", content);

        var after = store.client().statObject(StatObjectArgs.builder().bucket(loc.bucket()).object(loc.key()).build());
        assertEquals(first, second);
        assertEquals(before.lastModified(), after.lastModified(), "the object was uploaded again");
        assertEquals(before.etag(), after.etag());
    }

    @Test
    void tamperedObjectOfSameSizeFailsVerification() throws Exception {
        byte[] content = randomBytes(10_000);
        ArtifactRef ref = store.put("model", content);
        byte[] tampered = content.clone();
        tampered[5000] ^= 0x01; // one flipped bit, same length
        overwrite(ref, tampered);

        ArtifactIntegrityException e = assertThrows(ArtifactIntegrityException.class, () -> store.getBytes(ref));
        assertTrue(e.getMessage().contains(ref.sha256()), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(tampered)), e.getMessage());
        assertThrows(ArtifactIntegrityException.class, () -> store.download(ref, tmp.resolve("never.bin")));
        assertFalse(Files.exists(tmp.resolve("never.bin")), "a failed download must not leave the target behind");
    }

    @Test
    void truncatedObjectFailsVerificationAndPutRepairsIt() throws Exception {
        byte[] content = randomBytes(20_000);
        ArtifactRef ref = store.put("encoder", content);
        byte[] truncated = java.util.Arrays.copyOf(content, 1000);
        overwrite(ref, truncated);
        assertThrows(ArtifactIntegrityException.class, () -> store.getBytes(ref));

        // Content addressing: writing the right bytes again heals the object.
        store.put("encoder", content);
        assertArrayEquals(content, store.getBytes(ref));
    }

    @Test
    void missingArtifactAndBadInputGiveClearErrors() {
        ArtifactRef missing = store.ref("dataset", sha256("nothing here".getBytes()), 12);
        assertFalse(store.exists(missing));
        ArtifactStoreException e = assertThrows(ArtifactStoreException.class, () -> store.getBytes(missing));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.put("Bad Kind", new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> store.put("../etc", new byte[1]));
    }

    @Test
    void objectFetcherListsAndFetchesRawInputs() throws Exception {
        S3ObjectFetcher fetcher = new S3ObjectFetcher(store);
        String prefix = "inputs/" + UUID.randomUUID() + "/";
        for (String name : List.of("u.data", "u.item", "nested/deeper.csv")) {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            store.client().putObject(PutObjectArgs.builder().bucket(store.bucket()).object(prefix + name)
                    .stream(new ByteArrayInputStream(body), (long) body.length, null).build());
        }
        assertEquals(Set.of(prefix + "u.data", prefix + "u.item"), Set.copyOf(fetcher.list(store.bucket(), prefix)));
        assertTrue(fetcher.exists(store.bucket(), prefix + "u.item"));
        assertFalse(fetcher.exists(store.bucket(), prefix + "missing"));
        Path fetched = fetcher.fetch(store.bucket(), prefix + "u.data");
        try {
            assertEquals("u.data", Files.readString(fetched));
        } finally {
            Files.deleteIfExists(fetched);
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> fetcher.fetch(store.bucket(), prefix + "missing"));
    }

    private void overwrite(ArtifactRef ref, byte[] bytes) throws Exception {
        S3Location loc = S3Location.parse(ref.uri());
        store.client().putObject(PutObjectArgs.builder().bucket(loc.bucket()).object(loc.key())
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, null).build());
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random().nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
