package io.recflow.activities.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The interaction rows of a plain CSV, read straight from its bytes on every core. Plain is how logs are
 * written: ASCII, no quotes, integer timestamps, plain decimal ratings, every row as wide as the header. Such
 * a file needs no decoding and no field objects, and its lines are independent, so it is cut into one part
 * per core at line starts and each part is read by its own thread. This is written here rather than taken
 * from a CSV library because what costs is not the splitting but a String per field and a hash-map entry per
 * id, and a general reader must make both (10 M rows took 17–21 s that way).
 *
 * <p>Anything else — a quote, a non-ASCII byte, an ISO-8601 time, an empty or odd field, a row of another
 * width — makes {@link #read} give up and return {@code null}: {@link CsvParser} then reads the file with
 * {@link CsvReader}, which decodes everything and reports every problem with its line. The rows are the
 * same either way.
 */
final class PlainCsvRows {

    /** A file at least this long is read in one part per core; below it threads cost more than they save. */
    static final long PARALLEL_FROM_BYTES = 8L << 20;
    private static final int CHUNK = 1 << 20;
    /** The longest timestamp read here; a longer one could overflow and is left to {@link Fields#timestamp}. */
    private static final int MAX_DIGITS = 18;

    /** Where the columns read are in a row of {@code width} fields; {@code rating} is -1 without one. */
    record Columns(int width, int user, int item, int time, int rating) {
    }

    /** The rows of one part of the file in reading order, their ids indexed within the part. */
    record Part(ByteIdIndex users, ByteIdIndex items, LongColumn userItem, LongColumn times) {

        /** User index (within the part) of row {@code row}. */
        int user(int row) {
            return (int) (userItem.get(row) >>> 32);
        }

        /** Item index (within the part) of row {@code row}. */
        int item(int row) {
            return (int) userItem.get(row);
        }
    }

    private PlainCsvRows() {
    }

    /** How many parts to read {@code file} in: one per core for a large file, else one. */
    static int partsFor(Path file) throws IOException {
        return java.nio.file.Files.size(file) >= PARALLEL_FROM_BYTES
                ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
    }

    /**
     * The rows after the header line, in at most {@code parts} parts in file order, or {@code null} when the file
     * is not plain (then nothing was kept).
     */
    static List<Part> read(Path file, Columns columns, int parts) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long dataStart = lineAfter(channel, 0);
            if (dataStart < 0 || !plainHeader(channel, dataStart)) {
                return null;
            }
            long[] bounds = bounds(channel, dataStart, size, parts);
            AtomicBoolean notPlain = new AtomicBoolean();
            int count = bounds.length - 1;
            ExecutorService others = count > 1 ? Executors.newFixedThreadPool(count - 1, work -> {
                Thread thread = new Thread(work, "plain-csv-part");
                thread.setDaemon(true);
                return thread;
            }) : null;
            try {
                List<Future<Part>> later = new ArrayList<>();
                for (int p = 1; p < count; p++) {
                    long from = bounds[p];
                    long to = bounds[p + 1];
                    later.add(others.submit(() -> new PartReader(columns, notPlain).read(channel, from, to)));
                }
                List<Part> read = new ArrayList<>(count);
                read.add(new PartReader(columns, notPlain).read(channel, bounds[0], bounds[1]));
                for (Future<Part> part : later) {
                    read.add(part.get());
                }
                return notPlain.get() ? null : read;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + file, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                if (others != null) {
                    others.shutdownNow();
                }
            }
        }
    }

    /**
     * Whether the first line {@code [0, end)} is a plain header: then it is the line CsvReader took for the header
     * (not an empty line before it) and its fields are its commas' count + 1.
     */
    private static boolean plainHeader(FileChannel channel, long end) throws IOException {
        ByteBuffer header = ByteBuffer.allocate((int) end);
        channel.read(header, 0);
        boolean comma = false;
        for (int i = 0; i < end; i++) {
            byte b = header.get(i);
            if (b == '"' || b == '\r' && i < end - 2) {
                return false;
            }
            comma |= b == ',';
        }
        return comma;
    }

    /** Part boundaries: {@code parts + 1} line starts from {@code dataStart} to {@code size} (fewer when lines are long). */
    private static long[] bounds(FileChannel channel, long dataStart, long size, int parts) throws IOException {
        List<Long> starts = new ArrayList<>();
        starts.add(dataStart);
        for (int p = 1; p < parts; p++) {
            long at = lineAfter(channel, Math.max(dataStart, dataStart + (size - dataStart) * p / parts - 1));
            if (at > starts.get(starts.size() - 1) && at < size) {
                starts.add(at);
            }
        }
        starts.add(size);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    /** The position after the first LF at or after {@code from} (within one chunk), or -1. */
    private static long lineAfter(FileChannel channel, long from) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(CHUNK);
        int n = channel.read(window, from);
        for (int i = 0; i < n; i++) {
            if (window.get(i) == '\n') {
                return from + i + 1;
            }
        }
        return -1;
    }

    /** Reads one part, line by line, into columns; gives up (null) at the first line that is not plain. */
    private static final class PartReader {

        private final Columns columns;
        private final AtomicBoolean notPlain;
        private final Part part = new Part(new ByteIdIndex(), new ByteIdIndex(), new LongColumn(), new LongColumn());
        /** Start and end of each field of the line being read. */
        private final int[] fieldStart;
        private final int[] fieldEnd;

        PartReader(Columns columns, AtomicBoolean notPlain) {
            this.columns = columns;
            this.notPlain = notPlain;
            this.fieldStart = new int[columns.width()];
            this.fieldEnd = new int[columns.width()];
        }

        Part read(FileChannel channel, long from, long to) throws IOException {
            byte[] buffer = new byte[CHUNK];
            int kept = 0; // the start of a line that ran past the last chunk, moved to the buffer's front
            long position = from;
            while (!notPlain.get()) {
                ByteBuffer target = ByteBuffer.wrap(buffer, kept, (int) Math.min(buffer.length - kept, to - position));
                boolean ended = false; // the file is shorter than when it was cut into parts
                while (target.hasRemaining() && !ended) {
                    ended = channel.read(target, position + target.position() - kept) < 0;
                }
                int end = target.position();
                position += end - kept;
                boolean last = position >= to || ended;
                int lineStart = 0;
                for (int i = kept; i < end; i++) {
                    if (buffer[i] == '\n') {
                        if (!line(buffer, lineStart, i)) {
                            return givenUp();
                        }
                        lineStart = i + 1;
                    }
                }
                if (last) {
                    return lineStart == end || line(buffer, lineStart, end) ? part : givenUp();
                }
                kept = end - lineStart;
                if (kept == buffer.length) { // a line of a megabyte is no log row
                    return givenUp();
                }
                System.arraycopy(buffer, lineStart, buffer, 0, kept);
            }
            return null;
        }

        private Part givenUp() {
            notPlain.set(true);
            return null;
        }

        /** Reads the row {@code bytes[from, to)} (without its LF); false when it is not plain. */
        private boolean line(byte[] bytes, int from, int to) {
            if (to > from && bytes[to - 1] == '\r') {
                to--;
            }
            if (to == from) {
                return true; // an empty line, which CsvReader skips too
            }
            int field = 0;
            int start = from;
            for (int i = from; i <= to; i++) {
                if (i == to || bytes[i] == ',') {
                    if (field == fieldStart.length) {
                        return false;
                    }
                    fieldStart[field] = start;
                    fieldEnd[field++] = i;
                    start = i + 1;
                } else if (bytes[i] < 0 || bytes[i] == '"' || bytes[i] == '\r') {
                    return false;
                }
            }
            if (field != fieldStart.length) {
                return false;
            }
            if (!trim(bytes, columns.user()) || !trim(bytes, columns.item()) || !trim(bytes, columns.time())
                    || columns.rating() >= 0 && !trim(bytes, columns.rating())) {
                return false;
            }
            long time = integer(bytes, fieldStart[columns.time()], fieldEnd[columns.time()]);
            if (time == Long.MIN_VALUE || columns.rating() >= 0
                    && !decimal(bytes, fieldStart[columns.rating()], fieldEnd[columns.rating()])) {
                return false;
            }
            int user = part.users().add(bytes, fieldStart[columns.user()], fieldEnd[columns.user()]);
            int item = part.items().add(bytes, fieldStart[columns.item()], fieldEnd[columns.item()]);
            part.userItem().add((long) user << 32 | item);
            part.times().add(time);
            return true;
        }

        /** Narrows field {@code f} as {@link String#trim} would; false when nothing is left. */
        private boolean trim(byte[] bytes, int f) {
            int start = fieldStart[f];
            int end = fieldEnd[f];
            while (start < end && bytes[start] <= ' ') {
                start++;
            }
            while (end > start && bytes[end - 1] <= ' ') {
                end--;
            }
            fieldStart[f] = start;
            fieldEnd[f] = end;
            return start < end;
        }
    }

    /** An optionally signed integer of at most {@value #MAX_DIGITS} digits, as {@link Long#parseLong} reads it; else MIN_VALUE. */
    static long integer(byte[] bytes, int from, int to) {
        boolean negative = bytes[from] == '-';
        int i = bytes[from] == '-' || bytes[from] == '+' ? from + 1 : from;
        if (i == to || to - i > MAX_DIGITS) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            value = 10 * value + digit;
        }
        return negative ? -value : value;
    }

    /** Whether the text is an optionally signed decimal with at least one digit (a rating such as 4, 3.5 or .5). */
    static boolean decimal(byte[] bytes, int from, int to) {
        int i = bytes[from] == '-' || bytes[from] == '+' ? from + 1 : from;
        boolean digits = false;
        boolean point = false;
        for (; i < to; i++) {
            if (bytes[i] >= '0' && bytes[i] <= '9') {
                digits = true;
            } else if (bytes[i] == '.' && !point) {
                point = true;
            } else {
                return false;
            }
        }
        return digits;
    }
}
