package io.recflow.activities.foundation;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private temporary folder under the configured work directory for the large files of an import or a
 * model load (a GGUF, the converted weights, a tar); closing deletes it with everything in it. Its name carries
 * the process's pid, so that the folders a killed process left (gigabytes, for a large model) are deleted when
 * the next one is created, and never those of another process still running.
 */
public final class WorkFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkFolder.class);
    /** prefix, "p", the creating process's pid, "-", the temporary directory's random digits. */
    private static final Pattern NAME = Pattern.compile(".*p(\\d{1,18})-\\d+");

    private final Path path;

    private WorkFolder(Path path) {
        this.path = path;
    }

    public static WorkFolder create(Path workDir, String prefix) {
        try {
            Files.createDirectories(workDir);
            deleteLeftOvers(workDir);
            String named = prefix + "p" + ProcessHandle.current().pid() + "-";
            return new WorkFolder(Files.createTempDirectory(workDir, named));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + workDir, e);
        }
    }

    /** The work folders of processes that are gone. */
    private static void deleteLeftOvers(Path workDir) throws IOException {
        try (Stream<Path> folders = Files.list(workDir)) {
            folders.filter(Files::isDirectory).forEach(folder -> {
                Matcher name = NAME.matcher(folder.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    LOG.infof("deleting %s, left by a process that is gone", folder);
                    new WorkFolder(folder).close();
                }
            });
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
