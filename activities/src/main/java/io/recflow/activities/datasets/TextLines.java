package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Reads a text file line by line (terminators LF, CRLF or CR) with strict decoding: bytes that are
 * not valid in the charset are a {@link BadInputException} naming the exact line and byte. Lines are
 * split on bytes before decoding, which is exact for ASCII-compatible charsets (UTF-8, ISO-8859-1).
 * A leading UTF-8 byte-order mark is dropped.
 */
final class TextLines implements Closeable {

    private final SourceFile file;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final InputStream in;
    private byte[] buf = new byte[256];
    private long line;
    private int pending = -2; // a byte read ahead after a CR; -2 = none

    private TextLines(SourceFile file, Charset charset, InputStream in) {
        this.file = file;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.in = in;
    }

    static TextLines open(SourceFile file, Charset charset) {
        try {
            return new TextLines(file, charset, new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(file.uri(), 0, null, "missing file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    /** The next line without its terminator, or {@code null} at the end. */
    String next() {
        int len = 0;
        boolean any = false;
        try {
            while (true) {
                int b = pending != -2 ? pending : in.read();
                pending = -2;
                if (b == -1) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                if (b == '\n') {
                    break;
                }
                if (b == '\r') {
                    int c = in.read();
                    if (c != '\n') {
                        pending = c;
                    }
                    break;
                }
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, len * 2);
                }
                buf[len++] = (byte) b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
        line++;
        int start = 0;
        if (line == 1 && len >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            start = 3;
        }
        return decode(start, len);
    }

    private String decode(int start, int end) {
        ByteBuffer bytes = ByteBuffer.wrap(buf, start, end - start);
        CharBuffer chars = CharBuffer.allocate((int) ((end - start) * (double) decoder.maxCharsPerByte()) + 1);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            throw new BadInputException(file.uri(), line, null, String.format(
                    "unreadable encoding: byte 0x%02X at byte %d of the line is not valid %s (save the file as %s)",
                    buf[at] & 0xff, at - start + 1, charset.name(), charset.name()));
        }
        chars.flip();
        return chars.toString();
    }

    /** What to do with one non-blank line; {@code number} is its 1-based line number in the file. */
    @FunctionalInterface
    interface LineHandler {
        void accept(String line, long number);
    }

    /** Opens {@code file}, hands each non-blank line to {@code handler}, and closes the file. */
    static void forEachLine(SourceFile file, Charset charset, LineHandler handler) {
        try (TextLines lines = open(file, charset)) {
            lines.forEachRemaining(handler);
        }
    }

    /** Hands each remaining non-blank line to {@code handler} (e.g. the rows after a header). */
    void forEachRemaining(LineHandler handler) {
        String text;
        while ((text = next()) != null) {
            if (text.isBlank()) {
                continue;
            }
            handler.accept(text, line);
        }
    }

    /** The number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return line;
    }

    SourceFile file() {
        return file;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
