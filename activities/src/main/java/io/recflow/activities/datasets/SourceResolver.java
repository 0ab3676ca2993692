package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
 * {@link ObjectFetcher}; other schemes are refused. A URI may name a file or a folder (its direct
 * children are the files).
 */
public final class SourceResolver {

    private final List<Path> roots;
    private final List<Path> realRoots;
    private final ObjectFetcher s3;

    /**
     * @param allowedRoots folders whose contents may be read through {@code file://}; may be empty
     * @param s3           the fetcher for {@code s3://} URIs, or {@code null} to refuse them
     */
    public SourceResolver(List<Path> allowedRoots, ObjectFetcher s3) {
        this.roots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                real.add(root); // a root that does not exist contains nothing real anyway
            }
        }
        this.realRoots = List.copyOf(real);
        this.s3 = s3;
    }

    public List<Path> allowedRoots() {
        return roots;
    }

    /** Resolves a URI naming a file or a folder. */
    public DataLocation resolve(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new BadInputException(null, 0, "data.uri", "is required");
        }
        String trimmed = uri.strip();
        int colon = trimmed.indexOf("://");
        String scheme = colon > 0 ? trimmed.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "file" -> resolveLocal(trimmed);
            case "s3" -> resolveS3(trimmed);
            default -> throw new BadInputException(trimmed, 0, null, (scheme.isEmpty()
                    ? "is not a URI with a scheme"
                    : "has the unsupported scheme '" + scheme + "'")
                    + "; use file:///absolute/path (under the allowed roots " + roots
                    + ") or s3://bucket/key");
        };
    }

    /** Resolves a URI that must name a single file (e.g. an item metadata file). */
    public DataLocation resolveFile(String uri, String what) {
        DataLocation location = resolve(uri);
        if (location.isFolder()) {
            throw new BadInputException(uri, 0, what, "names a folder; it must name a file");
        }
        return location;
    }

    // ---------------------------------------------------------------- file://

    private DataLocation resolveLocal(String uri) {
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
        if (!Files.exists(path)) {
            throw new BadInputException(uri, 0, null, "missing: no such file or folder");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(uri, 0, null, "cannot be read: " + e.getMessage());
        }
        if (!underAny(real, realRoots)) {
            throw outside(uri, " (it resolves through a symbolic link to a path outside them)");
        }
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
                return new SourceFile(name, childUri, childReal);
            }, false);
        }
        if (!Files.isRegularFile(real)) {
            throw new BadInputException(uri, 0, null, "is neither a regular file nor a folder");
        }
        String name = path.getFileName().toString();
        return new DataLocation(uri, false, List.of(name), n -> new SourceFile(n, uri, real), false);
    }

    private static boolean underAny(Path path, List<Path> candidates) {
        for (Path root : candidates) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private BadInputException outside(String uri, String why) {
        return new BadInputException(uri, 0, null, "is outside the allowed roots " + roots + why);
    }

    // ---------------------------------------------------------------- s3://

    private DataLocation resolveS3(String uri) {
        if (s3 == null) {
            throw new BadInputException(uri, 0, null, "s3:// URIs are not enabled on this worker");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new BadInputException(uri, 0, null, "has no bucket: use s3://bucket/key");
        }
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
            // Not bad input: storage may come back, so this stays retryable.
            throw new java.io.UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
    }
}
