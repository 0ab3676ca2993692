package io.recflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The token a command signs in with when none is given: {@code RECFLOW_TOKEN}, else the admin token the
 * platform writes on its first start to {@code <data dir>/admin.token} (the data directory is
 * {@code RECFLOW_DATA_DIR}, {@code .recflow} when unset, as for the platform), so {@code ./recflow} commands
 * beside a platform started from the same directory need no setup.
 */
final class DefaultToken {

    static final String FILE = "admin.token";

    private DefaultToken() {
    }

    static Optional<String> from(Map<String, String> env) {
        String given = env.get("RECFLOW_TOKEN");
        if (given != null && !given.isBlank()) {
            return Optional.of(given.strip());
        }
        String dataDir = env.getOrDefault("RECFLOW_DATA_DIR", "");
        Path file = Path.of(dataDir.isBlank() ? ".recflow" : dataDir).resolve(FILE);
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
