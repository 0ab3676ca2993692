package io.recflow.activities.datasets;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static io.recflow.activities.datasets.IngestFixtures.fixture;
import static io.recflow.activities.datasets.IngestFixtures.ingestor;
import static io.recflow.activities.datasets.IngestFixtures.sequences;
import static io.recflow.activities.datasets.IngestFixtures.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestCodecTest {

    private static void assertSameDataset(InteractionDataset a, InteractionDataset b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.catalog().items(), b.catalog().items());
        assertEquals(a.sequences(), b.sequences());
    }

    @Test
    void datasetRoundTripsForEveryFixture() {
        for (String f : List.of("ml100k", "ml1m", "csv", "letter", "ilora", "caseq")) {
            DatasetSnapshot s = ingestor().ingest(fixture(f), "auto", null, 2).snapshot();
            byte[] bytes = DatasetCodec.encode(s);
            DatasetSnapshot back = DatasetCodec.decode(bytes);
            assertSameDataset(s.dataset(), back.dataset());
            assertEquals(s.format(), back.format());
            assertEquals(s.sourceUri(), back.sourceUri());
            assertEquals(s.stats(), back.stats());
            assertArrayEquals(bytes, DatasetCodec.encode(back), f + ": re-encoding is byte-identical");
        }
    }

    @Test
    void encodingIsByteIdenticalAcrossRunsAndTime() throws InterruptedException {
        byte[] a = DatasetCodec.encode(ingestor().ingest(fixture("ml100k"), "auto", null, 3).snapshot());
        Thread.sleep(1100); // a gzip header with a modification time would now differ
        byte[] b = DatasetCodec.encode(ingestor().ingest(fixture("ml100k"), "auto", null, 3).snapshot());
        assertArrayEquals(a, b);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff},
                java.util.Arrays.copyOf(a, 10), "fixed gzip header: no name, mtime 0");
    }

    @Test
    void rowOrderOfTheInputDoesNotChangeTheSnapshot(@TempDir Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        Random random = new Random(7);
        int clock = 0;
        for (int u = 0; u < 40; u++) {
            for (int k = 0; k < 5 + random.nextInt(10); k++) {
                clock += 1 + random.nextInt(50); // distinct times: the order is fully defined by them
                rows.add("u" + u + ",item" + random.nextInt(60) + "," + (1_000_000 - clock));
            }
        }
        Path a = Files.createDirectories(dir.resolve("a")).resolve("events.csv");
        Path b = Files.createDirectories(dir.resolve("b")).resolve("events.csv");
        Files.writeString(a, "user,item,timestamp\n" + String.join("\n", rows) + "\n");
        List<String> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(1));
        Files.writeString(b, "user,item,timestamp\n" + String.join("\n", shuffled) + "\n");
        DatasetIngestor in = IngestFixtures.ingestor(dir);
        DatasetSnapshot sa = in.ingest(uri(a), "csv", null, 3).snapshot();
        DatasetSnapshot sb = in.ingest(uri(b), "csv", null, 3).snapshot();
        assertEquals(sequences(sa.dataset()), sequences(sb.dataset()));
        // identical bytes once the (different) source URI is the same
        DatasetSnapshot sameUri = new DatasetSnapshot(sb.dataset(), sb.format(), sa.sourceUri(), sb.stats());
        assertArrayEquals(DatasetCodec.encode(sa), DatasetCodec.encode(sameUri));
    }

    @Test
    void snapshotIsReadableGzipJsonOneUserPerLine() throws IOException {
        byte[] bytes = DatasetCodec.encode(ingestor().ingest(fixture("caseq"), "caseq", null, 3).snapshot());
        String json = new String(new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"schema\":\"recflow.dataset\",\"version\":1,\"name\":\"caseq\",\"format\":\"caseq\","),
                json);
        assertTrue(json.contains("\n{\"id\":\"1\",\"items\":[4,2,4],\"timestamps\":[0,1,2]}"), json);
        assertTrue(json.contains("\"stats\":{\"users\":2,\"items\":5,\"interactions\":7,\"droppedUsers\":1,"), json);
    }

    @Test
    void writeToAStreamEqualsEncode() throws IOException {
        DatasetSnapshot s = ingestor().ingest(fixture("letter"), "letter", null, 3).snapshot();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCodec.write(s, out);
        assertArrayEquals(DatasetCodec.encode(s), out.toByteArray());
    }

    @Test
    void unicodeTextSurvives() {
        DatasetSnapshot s = ingestor().ingest(fixture("ml100k"), "movielens", null, 3).snapshot();
        Item cafe = DatasetCodec.decode(DatasetCodec.encode(s)).dataset().catalog().get(0);
        assertEquals("Café Lumière (1994)", cafe.title());
    }

    @Test
    void corruptOrForeignBytesAreRefused() {
        assertThrows(java.io.UncheckedIOException.class, () -> DatasetCodec.decode("not gzip".getBytes()));
        byte[] split = SplitManifestCodec.encode(SplitManifest.leaveOneOut(
                ingestor().ingest(fixture("caseq"), "caseq", null, 3).dataset(), null, 1));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> DatasetCodec.decode(split));
        assertTrue(e.getMessage().contains("not a recflow dataset snapshot"), e.getMessage());
    }

    @Test
    void splitManifestRoundTripsByteIdentically() {
        IngestedDataset r = ingestor().ingest(fixture("ilora"), "ilora", null, 3);
        SplitManifest m = r.split("abc123", 42);
        byte[] bytes = SplitManifestCodec.encode(m);
        SplitManifest back = SplitManifestCodec.decode(bytes);
        assertEquals(m, back);
        assertArrayEquals(bytes, SplitManifestCodec.encode(back));
        assertArrayEquals(bytes, SplitManifestCodec.encode(r.split("abc123", 42)));
        assertFalse(java.util.Arrays.equals(bytes, SplitManifestCodec.encode(r.split("abc123", 43))));
    }

    @Test
    void aTemporalGapManifestRoundTripsWithItsLapseAndTargets() {
        SplitManifest m = ingestor().ingest(fixture("caseq"), "caseq", null, 1, null, SplitChoice.of("temporal-gap", 2))
                .split("abc", 3);
        byte[] bytes = SplitManifestCodec.encode(m);
        SplitManifest back = SplitManifestCodec.decode(bytes);
        assertEquals(m, back);
        assertEquals(2, back.lapse());
        assertArrayEquals(bytes, SplitManifestCodec.encode(back));
    }

    @Test
    void aVersionOneManifestStillReads() throws IOException {
        String v1 = """
                {"schema":"recflow.split","version":1,"strategy":"leave-one-out","seed":42,"datasetSha256":"abc",
                 "counts":{"users":2,"trainUsers":2,"trainInteractions":3,"validTargets":1,"testTargets":1},
                 "entries":[
                {"user":"1","train":2,"valid":2,"test":3},
                {"user":"2","train":1,"valid":-1,"test":-1}]}
                """;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(v1.getBytes(StandardCharsets.UTF_8));
        }
        SplitManifest m = SplitManifestCodec.decode(gz.toByteArray());
        assertEquals(new SplitManifest("leave-one-out", 42, "abc", List.of(new SplitManifest.Entry("1", 2, 2, 3),
                new SplitManifest.Entry("2", 1, -1, -1))), m);
        assertEquals(null, m.lapse());
        assertEquals(-1, m.entries().get(0).idIndex());
    }
}
