package io.recflow.activities.datasets;

import java.nio.file.Path;

/**
 * One readable input file.
 *
 * @param name the file name (last path segment), e.g. {@code u.data}
 * @param uri  the URI the user knows it by; every error message names the file by it
 * @param path where its bytes are on this machine (for {@code s3://} a downloaded copy)
 */
public record SourceFile(String name, String uri, Path path) {
}
