package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * Reads a text file line by line (terminators LF, CRLF or CR) with strict decoding: bytes that are
 * not valid in the charset are a {@link BadInputException} naming the exact line and byte. Lines are
 * split on bytes before decoding, which is exact for ASCII-compatible charsets (UTF-8, ISO-8859-1).
 * A leading UTF-8 byte-order mark is dropped.
 */
final class TextLines implements Closeable {

    /**
     * The longest line read, in bytes: data sets have short lines, and a file without line breaks (or a binary one)
     * would otherwise grow one buffer until the heap is gone.
     */
    static final int MAX_LINE_BYTES = 64 << 20;

    private final SourceFile file;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final boolean asciiCompatible;
    private final InputStream in;
    /** What was last read from the file, and the part of it not yet returned. */
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    /** A line that runs past the end of the chunk is gathered here. */
    private byte[] buf = new byte[256];
    private long line;
    private boolean afterCr;

    private TextLines(SourceFile file, Charset charset, InputStream in) {
        this.file = file;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.asciiCompatible = charset.contains(StandardCharsets.US_ASCII);
        this.in = in;
    }

    static TextLines open(SourceFile file, Charset charset) {
        try {
            return new TextLines(file, charset, Files.newInputStream(file.path()));
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
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            if (afterCr) { // a CR ended the last line: an LF right after it belongs to that terminator
                afterCr = false;
                if (chunk[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int end = pos;
            while (end < limit && chunk[end] != '\n' && chunk[end] != '\r') {
                end++;
            }
            if (end < limit && len == 0) { // the whole line is in the chunk: decode it from there
                String text = lineRead(chunk, pos, end);
                terminate(end);
                return text;
            }
            if (len + end - pos > MAX_LINE_BYTES) {
                throw new BadInputException(file.uri(), line + 1, null, "the line is longer than " + MAX_LINE_BYTES
                        + " bytes (is this a text file with line breaks?)");
            }
            if (len + end - pos > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_LINE_BYTES, Math.max(2L * buf.length, len + end - pos)));
            }
            System.arraycopy(chunk, pos, buf, len, end - pos);
            len += end - pos;
            if (end < limit) {
                terminate(end);
                break;
            }
            pos = limit;
        }
        return lineRead(buf, 0, len);
    }

    /** Steps over the terminator at {@code at}. */
    private void terminate(int at) {
        afterCr = chunk[at] == '\r';
        pos = at + 1;
    }

    private boolean fill() {
        try {
            int n = in.readNBytes(chunk, 0, chunk.length);
            pos = 0;
            limit = n;
            return n > 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    /** Counts the line and decodes it, without a leading byte-order mark. */
    private String lineRead(byte[] bytes, int start, int end) {
        line++;
        if (line == 1 && end - start >= 3 && bytes[start] == (byte) 0xEF && bytes[start + 1] == (byte) 0xBB
                && bytes[start + 2] == (byte) 0xBF) {
            start += 3;
        }
        return decode(bytes, start, end);
    }

    private String decode(byte[] bytes, int start, int end) {
        if (asciiCompatible && isAscii(bytes, start, end)) {
            // The common case, without a decoder: ASCII bytes mean the same in every ASCII-compatible charset.
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        ByteBuffer source = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer chars = CharBuffer.allocate((int) ((end - start) * (double) decoder.maxCharsPerByte()) + 1);
        decoder.reset();
        CoderResult r = decoder.decode(source, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            int at = source.position();
            throw new BadInputException(file.uri(), line, null, String.format(
                    "unreadable encoding: byte 0x%02X at byte %d of the line is not valid %s (save the file as %s)",
                    bytes[at] & 0xff, at - start + 1, charset.name(), charset.name()));
        }
        chars.flip();
        return chars.toString();
    }

    private static boolean isAscii(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
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
