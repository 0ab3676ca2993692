package io.recflow.activities.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for content addressing: hash files and streams without holding them in memory. */
public final class ArtifactHasher {

    private static final int BUFFER = 64 * 1024;

    private ArtifactHasher() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256(byte[] bytes) {
        MessageDigest digest = newDigest();
        digest.update(bytes);
        return hex(digest);
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copyAndHash(in, OutputStream.nullOutputStream()).sha256();
        }
    }

    /** Copies {@code in} to {@code out} and returns the hash and byte count of what was copied. */
    public static Digest copyAndHash(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        long size = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
        }
        return new Digest(hex(digest), size);
    }

    /** The SHA-256 (lower-case hex) and size of some content. */
    public record Digest(String sha256, long size) {
    }

    /**
     * A stream that hashes what passes through it and, at end of stream, fails with
     * {@link ArtifactIntegrityException} when the content does not match the expected hash and size.
     */
    static final class VerifyingInputStream extends FilterInputStream {

        private final MessageDigest digest = newDigest();
        private final String uri;
        private final String expectedSha256;
        private final long expectedSize;
        private long size;
        private boolean verified;

        VerifyingInputStream(InputStream in, String uri, String expectedSha256, long expectedSize) {
            super(in);
            this.uri = uri;
            this.expectedSha256 = expectedSha256;
            this.expectedSize = expectedSize;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b == -1) {
                verify();
            } else {
                digest.update((byte) b);
                size++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n == -1) {
                verify();
            } else {
                digest.update(b, off, n);
                size += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must still be hashed.
            long skipped = 0;
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r == -1) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void verify() {
            if (verified) {
                return;
            }
            verified = true;
            String actual = hex(digest);
            if (!actual.equals(expectedSha256) || (expectedSize >= 0 && size != expectedSize)) {
                throw new ArtifactIntegrityException(uri, expectedSha256, expectedSize, actual, size);
            }
        }
    }
}
