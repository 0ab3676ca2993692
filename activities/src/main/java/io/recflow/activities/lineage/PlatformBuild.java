package io.recflow.activities.lineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which code this process runs: the platform's version and the git commit it was built from, as the
 * build wrote them into this jar. Every lineage step records it, so that a model's lineage says which
 * code made each of its inputs.
 *
 * @param commit the abbreviated commit id, or null when the build had no git repository to read
 * @param dirty  whether the build's working tree had uncommitted changes
 */
public record PlatformBuild(String version, String commit, boolean dirty) {

    private static final String RESOURCE = "platform-build.properties";
    private static final PlatformBuild CURRENT = read();

    public static PlatformBuild current() {
        return CURRENT;
    }

    /** {@code 0.1.0-SNAPSHOT+3f2a9c1d0b7e}, {@code ...+3f2a9c1d0b7e-dirty}, or {@code ...+unknown-commit}. */
    public String describe() {
        return version + "+" + (commit == null ? "unknown-commit" : commit + (dirty ? "-dirty" : ""));
    }

    private static PlatformBuild read() {
        Properties properties = new Properties();
        try (InputStream in = PlatformBuild.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the activities jar: rebuild it");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PlatformBuild(filled(properties.getProperty("version")), filled(properties.getProperty("commit")),
                "true".equals(properties.getProperty("dirty")));
    }

    /** A value the build left as its placeholder (e.g. no git repository) is unknown. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? null : value;
    }
}
