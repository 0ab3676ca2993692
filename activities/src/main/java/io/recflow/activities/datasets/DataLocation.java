package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved input: one file, or a folder of files (its direct children). Made by
 * {@link SourceResolver}; file names are known up front, file contents are fetched on first use.
 * Close it to delete downloaded copies.
 */
public final class DataLocation implements Closeable {

    /** Opens a child of this location by name; may download it. */
    interface Opener {
        SourceFile open(String name) throws IOException;
    }

    private final String uri;
    private final boolean folder;
    private final List<String> fileNames;
    private final Opener opener;
    private final boolean deleteOnClose;
    private final Map<String, SourceFile> opened = new HashMap<>();

    DataLocation(String uri, boolean folder, List<String> fileNames, Opener opener, boolean deleteOnClose) {
        this.uri = uri;
        this.folder = folder;
        this.fileNames = fileNames.stream().sorted().toList();
        this.opener = opener;
        this.deleteOnClose = deleteOnClose;
    }

    /** The URI as the user gave it. */
    public String uri() {
        return uri;
    }

    public boolean isFolder() {
        return folder;
    }

    /** The names of the files here (for a file location, its own name), sorted. */
    public List<String> fileNames() {
        return fileNames;
    }

    public boolean has(String name) {
        return fileNames.contains(name);
    }

    /** The URI of one file of this location, for messages. */
    public String uriOf(String name) {
        if (!folder) {
            return uri;
        }
        return uri.endsWith("/") ? uri + name : uri + "/" + name;
    }

    /** A short name for the data set: the folder name, or the file name without its extensions. */
    public String baseName() {
        String u = uri;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        String last = u.substring(u.lastIndexOf('/') + 1);
        if (!folder) {
            int dot = last.indexOf('.');
            if (dot > 0) {
                last = last.substring(0, dot);
            }
        }
        return last.isEmpty() ? "dataset" : last;
    }

    /**
     * Opens the named file (fetching it if needed).
     *
     * @throws BadInputException when there is no such file here, or it cannot be read
     */
    public SourceFile file(String name) {
        SourceFile f = opened.get(name);
        if (f != null) {
            return f;
        }
        if (!has(name)) {
            throw new BadInputException(uriOf(name), 0, null, "missing file (files here: " + fileNames + ")");
        }
        try {
            f = opener.open(name);
        } catch (BadInputException e) {
            throw e;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(uriOf(name), 0, null, "missing file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new BadInputException(uriOf(name), 0, null, "cannot be read: permission denied");
        } catch (IOException e) {
            // Storage trouble rather than bad input: leave it retryable.
            throw new java.io.UncheckedIOException("cannot read " + uriOf(name) + ": " + e.getMessage(), e);
        }
        opened.put(name, f);
        return f;
    }

    /** For a single-file location: that file. */
    public SourceFile single() {
        if (folder) {
            throw new IllegalStateException(uri + " is a folder");
        }
        return file(fileNames.get(0));
    }

    /** Deletes the local copies of downloaded files. */
    @Override
    public void close() {
        if (!deleteOnClose) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        for (SourceFile f : opened.values()) {
            try {
                Files.deleteIfExists(f.path());
            } catch (IOException e) {
                failures.add(e);
            }
        }
        opened.clear();
        if (!failures.isEmpty()) {
            throw new java.io.UncheckedIOException("could not delete downloaded copies", failures.get(0));
        }
    }
}
