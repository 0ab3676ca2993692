package io.recflow.ml.llm.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads from the start of a file through a small window, so that a header of several
 * megabytes (a 49k-token vocabulary) is parsed without holding the file in memory. A read past the
 * end of the file is a {@link GgufException} that says where the header was cut short.
 */
final class HeaderReader {

    private static final int WINDOW = 1 << 16;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;

    HeaderReader(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        window.limit(0);
    }

    /** Absolute offset of the next byte to read. */
    long position() {
        return windowStart + window.position();
    }

    private void need(int bytes, String what) throws IOException {
        if (window.remaining() >= bytes) {
            return;
        }
        long at = position();
        if (at + bytes > size) {
            throw new GgufException("truncated file: header cut short at byte " + at + " reading " + what
                    + " (file has " + size + " bytes)");
        }
        // Keep the unread bytes (which start at absolute offset `at`) and fill the rest of the window.
        window.compact();
        windowStart = at;
        while (window.position() < bytes) {
            if (channel.read(window, windowStart + window.position()) < 0) {
                throw new GgufException("truncated file at byte " + position() + " reading " + what);
            }
        }
        window.flip();
    }

    int u8(String what) throws IOException {
        need(1, what);
        return window.get() & 0xFF;
    }

    short i16(String what) throws IOException {
        need(2, what);
        return window.getShort();
    }

    int i32(String what) throws IOException {
        need(4, what);
        return window.getInt();
    }

    long i64(String what) throws IOException {
        need(8, what);
        return window.getLong();
    }

    float f32(String what) throws IOException {
        need(4, what);
        return window.getFloat();
    }

    double f64(String what) throws IOException {
        need(8, what);
        return window.getDouble();
    }

    /** A u64 count that must fit the rest of the file at {@code minBytesEach} bytes per item. */
    int count(String what, long minBytesEach) throws IOException {
        long count = i64(what);
        if (count < 0 || count > (size - position()) / minBytesEach) {
            throw new GgufException("truncated file: " + what + " of " + Long.toUnsignedString(count)
                    + " does not fit the " + (size - position()) + " bytes after byte " + position());
        }
        return Math.toIntExact(count);
    }

    /** A GGUF string: u64 byte length, then UTF-8 bytes (possibly longer than the window). */
    String string(String what) throws IOException {
        byte[] bytes = new byte[count(what + " length", 1)];
        int filled = 0;
        while (filled < bytes.length) {
            need(1, what);
            int n = Math.min(window.remaining(), bytes.length - filled);
            window.get(bytes, filled, n);
            filled += n;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
