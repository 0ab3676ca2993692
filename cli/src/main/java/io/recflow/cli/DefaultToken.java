package io.recflow.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The token a command signs in with when none is given: {@code RECFLOW_TOKEN}, else, for a platform on this
 * machine, the admin token the platform writes on its first start to {@code <data dir>/admin.token} (the data
 * directory is {@code RECFLOW_DATA_DIR}, {@code .recflow} when unset, as for the platform), so {@code ./recflow}
 * commands beside a platform started from the same directory need no setup. That file is never sent elsewhere:
 * {@code --url https://staging...} from a checkout with a local platform would hand the local admin token to
 * another server.
 */
final class DefaultToken {

    static final String FILE = "admin.token";

    private DefaultToken() {
    }

    /** {@code RECFLOW_TOKEN}, when set. */
    static Optional<String> given(Map<String, String> env) {
        String given = env.get("RECFLOW_TOKEN");
        return given == null || given.isBlank() ? Optional.empty() : Optional.of(given.strip());
    }

    /** The data directory's admin token, when {@code url} is a platform on this machine and the file is there. */
    static Optional<String> local(Map<String, String> env, String url) {
        if (!onThisMachine(url)) {
            return Optional.empty();
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

    /** localhost or a loopback address; any other name would need a DNS lookup to tell, and is not taken for one. */
    private static boolean onThisMachine(String url) {
        try {
            String host = URI.create(url).getHost();
            if (host == null) {
                return false;
            }
            String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return host.equalsIgnoreCase("localhost") || ((literal.matches("[0-9.]+") || literal.contains(":"))
                    && InetAddress.getByName(literal).isLoopbackAddress());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }
}
