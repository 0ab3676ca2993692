package io.recflow.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The embedded PostgreSQL's superuser password. zonky's initdb trusts every connection from the machine, so any
 * local user could connect as the superuser — read and rewrite lineage, add an API token, and run programs as the
 * platform's user ({@code COPY ... TO PROGRAM}). The first start gives the superuser a random password, kept in the
 * data dir for the owner only, and makes every connection prove it (scram-sha-256); later starts find both in place.
 */
final class PostgresPassword {

    static final String FILE = "postgres.password";
    private static final String MARKER = "# recflow: every connection proves the superuser's password";
    private static final String HBA = MARKER + " (" + FILE + " in the data dir)\n"
            + "local all all scram-sha-256\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n";

    private PostgresPassword() {
    }

    /**
     * The data dir's password, made (random, readable by the owner only) when there is none yet. A database that
     * already requires a password whose file is gone cannot be opened: that is said before anything starts.
     */
    static String readOrCreate(Path dataDir, Path pgData) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            if (required(pgData)) {
                throw new IllegalStateException("the PostgreSQL database in " + pgData + " requires the password that"
                        + " was kept in " + file + ", and that file is gone: restore it, or move " + pgData
                        + " away to start with an empty database");
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Path part = Files.createTempFile(dataDir, FILE, ".part",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(part, password + "\n");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the database password in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Once the server runs: unless its connections already require the password, sets it as the superuser's and
     * requires it from every connection (the configuration is reloaded, nothing restarts).
     */
    static void require(EmbeddedPostgres postgres, Path pgData, String password) {
        if (required(pgData)) {
            return;
        }
        // Only base64url characters: the password can be written into the statement as it is.
        if (!password.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalStateException("the database password in the data dir's " + FILE + " has characters other"
                    + " than letters, digits, '-' and '_'");
        }
        Path hba = pgData.resolve("pg_hba.conf");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("set password_encryption = 'scram-sha-256'");
            st.execute("alter role postgres password '" + password + "'");
            Path part = Files.writeString(pgData.resolve("pg_hba.conf.part"), HBA);
            Files.move(part, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            st.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the database password: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + hba + ": " + e.getMessage(), e);
        }
    }

    private static boolean required(Path pgData) {
        Path hba = pgData.resolve("pg_hba.conf");
        try {
            return Files.exists(hba) && Files.readString(hba).startsWith(MARKER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + hba + ": " + e.getMessage(), e);
        }
    }
}
