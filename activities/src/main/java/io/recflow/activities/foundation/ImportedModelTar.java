package io.recflow.activities.foundation;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The imported-model directory (flat: weights, config, tokenizer) as one uncompressed POSIX tar whose
 * bytes depend on the files' names and contents only: entries sorted by name, modification time 0,
 * owner 0, mode 0644. So the same GGUF gives the same artifact sha256, and {@code tar -x} reads it.
 * Not compressed: fp32 weights do not shrink, and an uncompressed tar extracts at disk speed.
 */
public final class ImportedModelTar {

    private static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;

    private ImportedModelTar() {
    }

    /** Writes the regular files of {@code directory} into {@code tar}. */
    public static void write(Path directory, Path tar) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20)) {
            for (Path file : files) {
                long size = Files.size(file);
                out.write(header(file.getFileName().toString(), size));
                Files.copy(file, out);
                out.write(new byte[padding(size)]);
            }
            out.write(new byte[2 * BLOCK]);
        }
    }

    /** Extracts a tar written by {@link #write} into {@code directory} (created if needed). */
    public static void extract(Path tar, Path directory) throws IOException {
        Files.createDirectories(directory);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 20)) {
            byte[] header = new byte[BLOCK];
            while (in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
                String name = field(header, 0, NAME_LENGTH);
                long size = Long.parseLong(field(header, 124, 12).strip(), 8);
                if (name.isEmpty() || name.contains("/") || name.equals("..") || (header[156] != '0' && header[156] != 0)) {
                    throw new IOException(tar + " holds an entry recflow does not write: '" + name + "'");
                }
                try (OutputStream out = Files.newOutputStream(directory.resolve(name))) {
                    copy(in, out, size, tar);
                }
                in.skipNBytes(padding(size));
            }
        }
    }

    private static byte[] header(String name, long size) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length >= NAME_LENGTH) {
            throw new IOException("file name too long for a tar entry: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 0);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    /** Zero-padded octal digits ending in NUL, as POSIX tar writes numbers. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, h, offset, length - 1);
        h[offset + length - 1] = 0;
    }

    private static String field(byte[] h, int offset, int length) {
        int end = offset;
        while (end < offset + length && h[end] != 0) {
            end++;
        }
        return new String(h, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void copy(InputStream in, OutputStream out, long size, Path tar) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(tar + " ends inside an entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
