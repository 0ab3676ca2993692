package io.recflow.activities.foundation;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private temporary folder under the configured work directory for the large files of an import or a
 * model load (a GGUF, the converted weights, a tar); closing deletes it with everything in it.
 */
public final class WorkFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkFolder.class);

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    public static WorkFolder create(Path workDir, String prefix) {
        try {
            Files.createDirectories(workDir);
            return new WorkFolder(Files.createTempDirectory(workDir, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + workDir, e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot delete the work folder %s: %s", path, e.getMessage());
        }
    }
}
