package io.recflow.activities.foundation;

import io.recflow.activities.store.ArtifactHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportedModelTarTest {

    @TempDir
    Path dir;

    @Test
    void theSameFilesGiveTheSameBytesWhateverTheirTimesAndCreationOrder() throws IOException {
        byte[] weights = new byte[1500];
        new Random(3).nextBytes(weights);
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.write(a.resolve("model.safetensors"), weights);
        Files.writeString(a.resolve("config.json"), "{}\n");
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(b.resolve("config.json"), "{}\n");
        Files.write(b.resolve("model.safetensors"), weights);
        Files.setLastModifiedTime(b.resolve("config.json"), FileTime.fromMillis(1_000_000));

        ImportedModelTar.write(a, dir.resolve("a.tar"));
        ImportedModelTar.write(b, dir.resolve("b.tar"));
        assertEquals(ArtifactHasher.sha256(dir.resolve("a.tar")), ArtifactHasher.sha256(dir.resolve("b.tar")));
        // Two 512-byte headers, 1536 bytes of weights, 512 of config, two zero blocks.
        assertEquals(512 + 512 + 1536 + 512 + 1024, Files.size(dir.resolve("a.tar")));

        Path out = dir.resolve("out");
        ImportedModelTar.extract(dir.resolve("a.tar"), out);
        assertArrayEquals(weights, Files.readAllBytes(out.resolve("model.safetensors")));
        assertEquals("{}\n", Files.readString(out.resolve("config.json")));
    }

    @Test
    void posixTarReadsIt() throws IOException, InterruptedException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Files.writeString(a.resolve("tokenizer.json"), "{\"model\": {}}\n");
        ImportedModelTar.write(a, dir.resolve("a.tar"));
        Process tar = new ProcessBuilder("tar", "-tvf", dir.resolve("a.tar").toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), listing);
        assertTrue(listing.contains("tokenizer.json") && listing.contains("1970-01-01"), listing);
    }
}
