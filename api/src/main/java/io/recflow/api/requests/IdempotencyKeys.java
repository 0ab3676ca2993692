package io.recflow.api.requests;

import io.recflow.api.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Idempotency-Key} header of requests that start something: a retried request with the same key finds
 * what the first one started, because the id of what it starts is derived from the key.
 */
public final class IdempotencyKeys {

    private static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /** Refuses a blank or overlong key; no key at all is fine. */
    public static void requireValid(String key) {
        if (key != null && (key.isBlank() || key.length() > MAX_LENGTH)) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** A short hex digest of {@code key}, for the id of what it starts. */
    public static String digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
