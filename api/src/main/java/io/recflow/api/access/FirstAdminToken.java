package io.recflow.api.access;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A platform without an admin token creates one on start and writes it, readable by its owner only, to
 * {@code recflow.auth.admin-token-file} ({@code <data dir>/admin.token}), where the CLI and the demo find it.
 * Only the first start writes it: replicas and restarts find an admin token in the database and leave the
 * file alone. The token is created in the same transaction as the file is written, so a start that cannot write
 * the file keeps no token nobody could use. The token never goes to the log.
 */
@ApplicationScoped
public class FirstAdminToken {

    private static final Logger LOG = Logger.getLogger(FirstAdminToken.class);
    public static final String FILE = "admin.token";

    @Inject
    ApiTokens tokens;
    @ConfigProperty(name = "recflow.auth.admin-token-file")
    Path file;

    void onStart(@Observes StartupEvent start) {
        tokens.createFirstAdmin("admin", created -> write(file.toAbsolutePath(), created.token())).ifPresent(created ->
                LOG.infof("created the first admin token (named admin) and wrote it to %s, readable by you only;"
                        + " the CLI and the demo use it; sign in to the console with it", file.toAbsolutePath()));
    }

    /** Fails with any exception the file system gives (e.g. no POSIX permissions), so the token is not kept. */
    private static void write(Path file, String token) {
        try {
            Files.createDirectories(file.getParent());
            // Written under a temporary name with owner-only permissions from the start, then moved: the
            // token is never readable by others, not even for a moment.
            Path partial = Files.createTempFile(file.getParent(), FILE, ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, token + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the first admin token to " + file, e);
        }
    }
}
