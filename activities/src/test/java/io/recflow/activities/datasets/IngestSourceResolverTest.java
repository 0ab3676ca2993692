package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.recflow.activities.datasets.IngestFixtures.sequences;
import static io.recflow.activities.datasets.IngestFixtures.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestSourceResolverTest {

    @TempDir
    Path tmp;
    Path allowed;
    Path secret;
    SourceResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        allowed = Files.createDirectories(tmp.resolve("allowed"));
        secret = Files.createDirectories(tmp.resolve("secret"));
        Files.writeString(allowed.resolve("a.txt"), "1 2\n1 3\n1 4\n");
        Files.writeString(secret.resolve("s.txt"), "9 9\n9 8\n9 7\n");
        resolver = new SourceResolver(List.of(allowed), List.of(), null);
    }

    private String outside(String uri) {
        return "Bad input: " + uri + ": is outside the allowed roots [" + allowed + "]";
    }

    @Test
    void fileAndFolderUnderTheRoot() {
        DataLocation file = resolver.resolve(uri(allowed.resolve("a.txt")));
        assertFalse(file.isFolder());
        assertEquals(List.of("a.txt"), file.fileNames());
        DataLocation folder = resolver.resolve(uri(allowed));
        assertTrue(folder.isFolder());
        assertEquals(List.of("a.txt"), folder.fileNames());
        assertEquals(uri(allowed) + "a.txt", folder.file("a.txt").uri());
    }

    /** java.io.File#toURI writes file:/absolute/path: the same file, under the same rules. */
    @Test
    void aFileUriWithoutAuthorityNamesTheSameFile() {
        DataLocation file = resolver.resolve(allowed.resolve("a.txt").toFile().toURI().toString());
        assertEquals(List.of("a.txt"), file.fileNames());
        assertEquals(uri(allowed.resolve("a.txt")), file.uri());
        String escape = "file:" + allowed + "/../outside.txt";
        assertTrue(assertThrows(BadInputException.class, () -> resolver.resolve(escape)).getMessage()
                .contains("outside the allowed roots"));
    }

    /** The platform's own state may sit under an allowed root (the data dir): it is never read, nor are links to it. */
    @Test
    void privatePathsUnderTheRootsAreRefused() throws IOException {
        Path token = Files.writeString(allowed.resolve("admin.token"), "rft_abc_secret\n");
        Path db = Files.createDirectories(allowed.resolve("postgres"));
        Files.writeString(db.resolve("pg_hba.conf"), "local all all trust\n");
        Files.createSymbolicLink(allowed.resolve("innocent.csv"), token);
        SourceResolver guarded = new SourceResolver(List.of(allowed), List.of(token, db), null);
        for (Path p : List.of(token, db.resolve("pg_hba.conf"), allowed.resolve("innocent.csv"))) {
            BadInputException e = assertThrows(BadInputException.class, () -> guarded.resolve(uri(p)).single());
            assertTrue(e.getMessage().contains("is the platform's own state"), e.getMessage());
            assertFalse(e.getMessage().contains("rft_abc_secret"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> guarded.check(uri(token)));
        DataLocation folder = guarded.resolve(uri(allowed));
        assertEquals("1 2\n1 3\n1 4\n", Files.readString(folder.file("a.txt").path()));
        assertThrows(BadInputException.class, () -> folder.file("admin.token"));
    }

    @Test
    void pathOutsideTheRootsIsRefused() {
        String u = uri(secret.resolve("s.txt"));
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve(u));
        assertEquals(outside(u), e.getMessage());
    }

    @Test
    void dotDotEscapeIsRefused() {
        String u = "file://" + allowed + "/../secret/s.txt";
        assertEquals(outside(u), assertThrows(BadInputException.class, () -> resolver.resolve(u)).getMessage());
        String encoded = "file://" + allowed + "/%2e%2e/secret/s.txt";
        assertEquals(outside(encoded),
                assertThrows(BadInputException.class, () -> resolver.resolve(encoded)).getMessage());
    }

    @Test
    void dotDotThatStaysInsideIsFine() {
        DataLocation l = resolver.resolve("file://" + allowed + "/x/../a.txt");
        assertEquals(List.of("a.txt"), l.fileNames());
    }

    @Test
    void nonexistentPathOutsideTheRootsSaysOutsideNotMissing() {
        String u = uri(secret.resolve("nothing-here"));
        assertEquals(outside(u), assertThrows(BadInputException.class, () -> resolver.resolve(u)).getMessage());
    }

    @Test
    void symlinkedFileLeadingOutsideIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link.txt"), secret.resolve("s.txt"));
        String u = uri(link);
        assertEquals(outside(u) + " (it resolves through a symbolic link to a path outside them)",
                assertThrows(BadInputException.class, () -> resolver.resolve(u)).getMessage());
    }

    @Test
    void symlinkedFolderLeadingOutsideIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("sub"), secret);
        String u = uri(link) ;
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.resolve(u));
        assertTrue(e.getMessage().contains("outside the allowed roots"), e.getMessage());
    }

    @Test
    void symlinkInsideAnAllowedFolderLeadingOutsideIsRefusedWhenOpened() throws IOException {
        Path data = Files.createDirectories(allowed.resolve("data"));
        Files.createSymbolicLink(data.resolve("seq.txt"), secret.resolve("s.txt"));
        DataLocation folder = resolver.resolve(uri(data));
        BadInputException e = assertThrows(BadInputException.class, () -> folder.file("seq.txt"));
        assertEquals(outside(uri(data) + "seq.txt") + " (it resolves through a symbolic link to a path outside them)",
                e.getMessage());
        // and ingest refuses it the same way (nothing of the secret file is read)
        DatasetIngestor ingestor = new DatasetIngestor(resolver);
        assertThrows(BadInputException.class, () -> ingestor.ingest(uri(data), "caseq", null, 1));
    }

    @Test
    void symlinkedRootIsFollowedConsistently() throws IOException {
        Path linkRoot = Files.createSymbolicLink(tmp.resolve("alias"), allowed);
        SourceResolver r = new SourceResolver(List.of(linkRoot), List.of(), null);
        assertEquals(List.of("a.txt"), r.resolve(uri(allowed.resolve("a.txt"))).fileNames());
        assertEquals(List.of("a.txt"), r.resolve("file://" + linkRoot + "/a.txt").fileNames());
    }

    @Test
    void missingFileUnderTheRoot() {
        String u = uri(allowed.resolve("nope.csv"));
        assertEquals("Bad input: " + u + ": missing: no such file or folder",
                assertThrows(BadInputException.class, () -> resolver.resolve(u)).getMessage());
    }

    @Test
    void otherSchemesAreRefused() {
        String u = "https://example.com/data.csv";
        assertEquals("Bad input: " + u + ": has the unsupported scheme 'https'; use file:///absolute/path (under the"
                + " allowed roots [" + allowed + "]) or s3://bucket/key",
                assertThrows(BadInputException.class, () -> resolver.resolve(u)).getMessage());
        BadInputException bare = assertThrows(BadInputException.class, () -> resolver.resolve("/etc/passwd"));
        assertTrue(bare.getMessage().contains("is not a URI with a scheme"), bare.getMessage());
    }

    @Test
    void remoteFileHostAndBadSyntaxAreRefused() {
        assertTrue(assertThrows(BadInputException.class, () -> resolver.resolve("file://server/share/x"))
                .getMessage().contains("names the host 'server'"));
        assertTrue(assertThrows(BadInputException.class, () -> resolver.resolve("file://" + allowed + "/my file"))
                .getMessage().contains("is not a valid URI"));
    }

    @Test
    void s3IsRefusedWithoutAFetcher() {
        assertEquals("Bad input: s3://b/k: s3:// URIs are not enabled on this worker",
                assertThrows(BadInputException.class, () -> resolver.resolve("s3://b/k")).getMessage());
    }

    /** An in-memory bucket standing in for MinIO. */
    static final class FakeS3 implements ObjectFetcher {
        final Map<String, String> objects = new TreeMap<>();
        final Path dir;
        final List<String> fetched = new ArrayList<>();

        FakeS3(Path dir) {
            this.dir = dir;
        }

        @Override
        public boolean bucketExists(String bucket) {
            return objects.keySet().stream().anyMatch(k -> k.startsWith(bucket + "/"));
        }

        @Override
        public boolean exists(String bucket, String key) {
            return objects.containsKey(bucket + "/" + key);
        }

        @Override
        public List<String> list(String bucket, String prefix) {
            List<String> keys = new ArrayList<>();
            for (String k : objects.keySet()) {
                if (k.startsWith(bucket + "/" + prefix)) {
                    keys.add(k.substring(bucket.length() + 1));
                }
            }
            return keys;
        }

        @Override
        public Path fetch(String bucket, String key) throws IOException {
            String body = objects.get(bucket + "/" + key);
            if (body == null) {
                throw new NoSuchFileException(key);
            }
            fetched.add(key);
            Path p = Files.createTempFile(dir, "obj", ".bin");
            Files.writeString(p, body);
            return p;
        }
    }

    @Test
    void s3FolderIsListedFetchedOnDemandAndCleanedUp() throws IOException {
        FakeS3 s3 = new FakeS3(Files.createDirectories(tmp.resolve("downloads")));
        s3.objects.put("data/ml/u.data", "1\t10\t5\t3\n1\t20\t5\t1\n1\t30\t5\t2\n");
        s3.objects.put("data/ml/README", "not read");
        s3.objects.put("data/ml/deeper/u.data", "ignored: not a direct child");
        DatasetIngestor ingestor = new DatasetIngestor(new SourceResolver(List.of(), List.of(), s3));
        IngestedDataset r = ingestor.ingest("s3://data/ml", "auto", null, 3);
        assertEquals(List.of("1: 20 30 10"), sequences(r.dataset()));
        assertEquals(List.of("ml/u.data"), s3.fetched);
        assertEquals(List.of("s3://data/ml/u.data"), r.filesRead());
        try (var left = Files.list(tmp.resolve("downloads"))) {
            assertEquals(0, left.count(), "downloaded copies are deleted");
        }
    }

    @Test
    void s3SingleObjectAndMissingKey() throws IOException {
        FakeS3 s3 = new FakeS3(Files.createDirectories(tmp.resolve("downloads")));
        s3.objects.put("b/x/seq.txt", "1 1\n1 2\n1 3\n");
        SourceResolver r = new SourceResolver(List.of(), List.of(), s3);
        assertEquals(List.of("seq.txt"), r.resolve("s3://b/x/seq.txt").fileNames());
        assertEquals("Bad input: s3://b/y: missing: no such object, and no objects under s3://b/y/",
                assertThrows(BadInputException.class, () -> r.resolve("s3://b/y")).getMessage());
        BadInputException e = assertThrows(BadInputException.class,
                () -> new DatasetIngestor(r).ingest("s3://b/x/seq.txt", "bogus", null, 3));
        assertTrue(e.getMessage().contains("unknown format"));
    }

    @Test
    void aMissingBucketIsBadInputNamingTheUriAndTheBucket() throws IOException {
        FakeS3 s3 = new FakeS3(Files.createDirectories(tmp.resolve("downloads")));
        s3.objects.put("b/x/seq.txt", "1 1\n1 2\n1 3\n");
        SourceResolver r = new SourceResolver(List.of(), List.of(), s3);
        String expected = "Bad input: s3://other-bucket/x: names the bucket 'other-bucket', which does not exist on"
                + " the platform's S3 endpoint (recflow.s3.endpoint); s3:// URIs can name only its buckets";
        assertEquals(expected, assertThrows(BadInputException.class, () -> r.resolve("s3://other-bucket/x")).getMessage());
        assertEquals(expected, assertThrows(BadInputException.class, () -> r.check("s3://other-bucket/x")).getMessage());
    }

    @Test
    void checkAppliesTheRulesWithoutRequiringTheDataYet() throws IOException {
        FakeS3 s3 = new FakeS3(Files.createDirectories(tmp.resolve("downloads")));
        s3.objects.put("b/x/seq.txt", "1 1\n1 2\n1 3\n");
        SourceResolver r = new SourceResolver(List.of(allowed), List.of(), s3);
        r.check(uri(allowed.resolve("arrives-tonight.csv")));
        r.check("s3://b/arrives-tonight/");
        String outside = uri(secret.resolve("s.txt"));
        assertEquals(outside(outside), assertThrows(BadInputException.class, () -> r.check(outside)).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> r.check("file:///etc/passwd")).getMessage()
                .contains("outside the allowed roots"));
        assertTrue(assertThrows(BadInputException.class, () -> r.check("http://169.254.169.254/latest/meta-data"))
                .getMessage().contains("has the unsupported scheme 'http'"));
    }

    @Test
    void checkFollowsSymbolicLinksThatExist() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link.txt"), secret.resolve("s.txt"));
        BadInputException e = assertThrows(BadInputException.class, () -> resolver.check(uri(link)));
        assertEquals(outside(uri(link)) + " (it resolves through a symbolic link to a path outside them)", e.getMessage());
    }
}
