package io.recflow.activities.foundation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkFolderTest {

    /** A killed import leaves its folder (a GGUF, converted weights): the next folder made there deletes it. */
    @Test
    void foldersOfProcessesThatAreGoneAreDeletedNotThoseOfLiveOnes(@TempDir Path workDir) throws IOException {
        long gone = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Path left = Files.createDirectories(workDir.resolve("smollm2-135m-p" + gone + "-123456"));
        Files.writeString(left.resolve("model.gguf"), "weights");
        Path live = Files.createDirectories(workDir.resolve("foundation-p" + ProcessHandle.current().pid() + "-42"));
        Path foreign = Files.createDirectories(workDir.resolve("someone-elses"));

        try (WorkFolder folder = WorkFolder.create(workDir, "smollm2-135m-")) {
            assertTrue(Files.isDirectory(folder.path()));
            assertFalse(Files.exists(left), "left by a process that is gone");
            assertTrue(Files.isDirectory(live), "a running process's folder stays");
            assertTrue(Files.isDirectory(foreign), "a folder of another name is not the work folders'");
        }
    }
}
