package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns a data URI into readable files. {@code file://} URIs must lie under one of the allowed roots
 * after normalisation and after resolving symbolic links; {@code s3://bucket/key} goes through an
 * {@link ObjectFetcher} and must name one of its buckets; other schemes are refused. A URI may name a
 * file or a folder (its direct children are the files).
 * <p>
 * {@link #check} applies the same rules without reading anything, so that a request naming a place
 * no run could read is refused before a run starts; {@link #resolve} starts with that check.
 */
public final class SourceResolver {

    private final List<Path> roots;
    private final List<Path> realRoots;
    private final List<Path> privatePaths;
    private final List<Path> realPrivatePaths;
    private final ObjectFetcher s3;

    /**
     * @param allowedRoots folders whose contents may be read through {@code file://}; may be empty
     * @param privatePaths files and folders under the allowed roots that are never read: the platform's own
     *                     state (its admin token, database, store, logs), which a reader's error messages would
     *                     otherwise quote to whoever named it
     * @param s3           the fetcher for {@code s3://} URIs, or {@code null} to refuse them
     */
    public SourceResolver(List<Path> allowedRoots, List<Path> privatePaths, ObjectFetcher s3) {
        this.roots = absolute(allowedRoots);
        this.realRoots = real(roots);
        this.privatePaths = absolute(privatePaths);
        this.realPrivatePaths = real(this.privatePaths);
        this.s3 = s3;
    }

    private static List<Path> absolute(List<Path> paths) {
        return paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    private static List<Path> real(List<Path> paths) {
        List<Path> real = new ArrayList<>();
        for (Path path : paths) {
            try {
                real.add(path.toRealPath());
            } catch (IOException e) {
                real.add(path); // one that does not exist contains nothing real anyway
            }
        }
        return List.copyOf(real);
    }

    public List<Path> allowedRoots() {
        return roots;
    }

    /**
     * Whether the URI names a place that may be read: a scheme this resolver reads, a local path under the
     * allowed roots (through any symbolic links, when it exists), an existing bucket. Whether the file,
     * folder or object is there is not checked: it may still be written before a run reads it.
     *
     * @throws BadInputException naming the URI and what is wrong with it
     * @throws java.io.UncheckedIOException when S3 cannot be asked (not bad input: it may come back)
     */
    public void check(String uri) {
        String supported = supported(uri);
        if (isS3(supported)) {
            s3Source(supported);
        } else {
            LocalSource local = localSource(supported);
            if (Files.exists(local.path())) {
                realPathUnderRoots(local);
            }
        }
    }

    /** Resolves a URI naming a file or a folder. */
    public DataLocation resolve(String uri) {
        String supported = supported(uri);
        return isS3(supported) ? resolveS3(s3Source(supported)) : resolveLocal(localSource(supported));
    }

    /** Resolves a URI that must name a single file (e.g. an item metadata file). */
    public DataLocation resolveFile(String uri, String what) {
        DataLocation location = resolve(uri);
        if (location.isFolder()) {
            throw new BadInputException(uri, 0, what, "names a folder; it must name a file");
        }
        return location;
    }

    /** The URI without surrounding blanks, when its scheme is one this resolver reads. */
    private String supported(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new BadInputException(null, 0, "data.uri", "is required");
        }
        String trimmed = uri.strip();
        if (trimmed.regionMatches(true, 0, "file:/", 0, 6) && !trimmed.regionMatches(true, 0, "file://", 0, 7)) {
            return "file://" + trimmed.substring(5);  // java.io.File#toURI's form of file:///absolute/path
        }
        int colon = trimmed.indexOf("://");
        String scheme = colon > 0 ? trimmed.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("file") && !scheme.equals("s3")) {
            throw new BadInputException(trimmed, 0, null, (scheme.isEmpty()
                    ? "is not a URI with a scheme"
                    : "has the unsupported scheme '" + scheme + "'")
                    + "; use file:///absolute/path (under the allowed roots " + roots
                    + ") or s3://bucket/key");
        }
        return trimmed;
    }

    private static boolean isS3(String supported) {
        return supported.regionMatches(true, 0, "s3://", 0, "s3://".length());
    }

    // ---------------------------------------------------------------- file://

    /** A {@code file://} URI and the normalised path it names, under the allowed roots lexically. */
    private record LocalSource(String uri, Path path) {
    }

    private LocalSource localSource(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new BadInputException(uri, 0, null, "is not a valid URI (" + e.getReason()
                    + "); percent-encode spaces and special characters, e.g. file:///data/my%20set");
        }
        String authority = parsed.getRawAuthority();
        if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
            throw new BadInputException(uri, 0, null, "names the host '" + authority
                    + "'; a file URI must be local: file:///absolute/path");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new BadInputException(uri, 0, null, "must not have a query or fragment");
        }
        String decoded = parsed.getPath();
        if (decoded == null || !decoded.startsWith("/")) {
            throw new BadInputException(uri, 0, null, "must name an absolute path: file:///absolute/path");
        }
        if (decoded.indexOf('\0') >= 0) {
            throw new BadInputException(uri, 0, null, "contains a NUL character");
        }
        Path path = Path.of(decoded).normalize();
        // Lexical check first, so that nothing outside the roots is even probed for existence.
        if (!underAny(path, roots) && !underAny(path, realRoots)) {
            throw outside(uri, "");
        }
        refusePrivate(uri, path);
        return new LocalSource(uri, path);
    }

    /** The real path of an existing local source, refused when a symbolic link leads outside the roots. */
    private Path realPathUnderRoots(LocalSource local) {
        Path real;
        try {
            real = local.path().toRealPath();
        } catch (IOException e) {
            throw new BadInputException(local.uri(), 0, null, "cannot be read: " + e.getMessage());
        }
        if (!underAny(real, realRoots)) {
            throw outside(local.uri(), " (it resolves through a symbolic link to a path outside them)");
        }
        refusePrivate(local.uri(), real);
        return real;
    }

    private DataLocation resolveLocal(LocalSource local) {
        String uri = local.uri();
        Path path = local.path();
        if (!Files.exists(path)) {
            throw new BadInputException(uri, 0, null, "missing: no such file or folder");
        }
        Path real = realPathUnderRoots(local);
        if (Files.isDirectory(real)) {
            List<String> names = new ArrayList<>();
            try (Stream<Path> children = Files.list(real)) {
                children.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new BadInputException(uri, 0, null, "folder cannot be listed: " + e);
            }
            String folderUri = uri;
            return new DataLocation(uri, true, names, name -> {
                String childUri = folderUri.endsWith("/") ? folderUri + name : folderUri + "/" + name;
                Path child = real.resolve(name);
                Path childReal = child.toRealPath();
                if (!underAny(childReal, realRoots)) {
                    throw outside(childUri, " (it resolves through a symbolic link to a path outside them)");
                }
                refusePrivate(childUri, childReal);
                return new SourceFile(name, childUri, readable(childReal));
            }, false);
        }
        if (!Files.isRegularFile(real)) {
            throw new BadInputException(uri, 0, null, "is neither a regular file nor a folder");
        }
        String name = path.getFileName().toString();
        return new DataLocation(uri, false, List.of(name), n -> new SourceFile(n, uri, readable(real)), false);
    }

    /**
     * {@code file}, when this process may read it. Opening a local file reads nothing yet; without this, a file it
     * may not read would fail at its first read as storage trouble, retried, instead of as bad input.
     */
    private static Path readable(Path file) throws AccessDeniedException {
        if (!Files.isReadable(file)) {
            throw new AccessDeniedException(file.toString());
        }
        return file;
    }

    private static boolean underAny(Path path, List<Path> candidates) {
        for (Path root : candidates) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private void refusePrivate(String uri, Path path) {
        if (underAny(path, privatePaths) || underAny(path, realPrivatePaths)) {
            throw new BadInputException(uri, 0, null, "is the platform's own state (its token, database, store or"
                    + " logs), which no run may read");
        }
    }

    private BadInputException outside(String uri, String why) {
        return new BadInputException(uri, 0, null, "is outside the allowed roots " + roots + why);
    }

    // ---------------------------------------------------------------- s3://

    /** An {@code s3://bucket/key} URI of a bucket that exists; the key may be empty or end with '/' (a folder). */
    private record S3Source(String uri, String bucket, String key) {
    }

    private S3Source s3Source(String uri) {
        if (s3 == null) {
            throw new BadInputException(uri, 0, null, "s3:// URIs are not enabled on this worker");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new BadInputException(uri, 0, null, "has no bucket: use s3://bucket/key");
        }
        boolean exists;
        try {
            exists = s3.bucketExists(bucket);
        } catch (IOException e) {
            throw unreachable(uri, e);
        }
        // The same answer on every attempt, so not worth retrying, unlike storage that is down.
        if (!exists) {
            throw new BadInputException(uri, 0, null, "names the bucket '" + bucket + "', which does not exist on"
                    + " the platform's S3 endpoint (recflow.s3.endpoint); s3:// URIs can name only its buckets");
        }
        return new S3Source(uri, bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    private DataLocation resolveS3(S3Source source) {
        String uri = source.uri();
        String bucket = source.bucket();
        String key = source.key();
        try {
            if (!key.isEmpty() && !key.endsWith("/") && s3.exists(bucket, key)) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                return new DataLocation(uri, false, List.of(name), n -> new SourceFile(n, uri, s3.fetch(bucket, key)),
                        true);
            }
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            List<String> names = new ArrayList<>();
            for (String k : s3.list(bucket, prefix)) {
                if (k.startsWith(prefix) && k.length() > prefix.length() && k.indexOf('/', prefix.length()) < 0) {
                    names.add(k.substring(prefix.length()));
                }
            }
            if (names.isEmpty()) {
                throw new BadInputException(uri, 0, null, "missing: no such object, and no objects under "
                        + "s3://" + bucket + "/" + prefix);
            }
            String folderUri = uri;
            return new DataLocation(uri, true, names, name -> new SourceFile(name,
                    folderUri.endsWith("/") ? folderUri + name : folderUri + "/" + name,
                    s3.fetch(bucket, prefix + name)), true);
        } catch (IOException e) {
            throw unreachable(uri, e);
        }
    }

    /** Not bad input: storage may come back, so this stays retryable. */
    private static UncheckedIOException unreachable(String uri, IOException e) {
        return new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    }
}
