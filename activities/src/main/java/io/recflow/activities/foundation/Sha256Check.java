package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.store.ArtifactHasher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Refuses a file whose sha256 is not the one the catalogue or the user pinned. */
final class Sha256Check {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Sha256Check() {
    }

    /** True for a lower-case hex SHA-256. */
    static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    /**
     * Returns the file's sha256 when it is {@code expected}; otherwise bad input naming {@code what}, both
     * hashes and the size, since a truncated download, a tampered copy or the wrong file all look like this.
     */
    static String verify(Path file, String expected, String what) {
        String actual;
        long size;
        try {
            actual = ArtifactHasher.sha256(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " to check its sha256", e);
        }
        if (!actual.equals(expected)) {
            throw new BadInputException(what, 0, "sha256", "is " + actual + " (" + size + " bytes), expected "
                    + expected + ": the file is truncated, tampered with or not the one pinned");
        }
        return actual;
    }
}
