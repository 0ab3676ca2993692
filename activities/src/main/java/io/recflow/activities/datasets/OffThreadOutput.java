package io.recflow.activities.datasets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An output stream whose bytes are written to the target by a second thread, a buffer at a time, in order:
 * the writer produces the next buffer while the target consumes the last one. Storing a data set of 10 M
 * interactions is two costly steps on one stream — making ~240 MB of JSON and compressing it — and this
 * puts them on two cores. The target sees the same bytes in the same order as if written directly. A
 * failure of the target is thrown to the writer at its next write or at {@link #finish}.
 */
final class OffThreadOutput extends OutputStream {

    private static final int BUFFER = 1 << 20;
    /** A buffer marking the end of the stream. */
    private static final byte[] END = new byte[0];

    private final OutputStream target;
    /** Full buffers on their way to the target (each with its length in front), and empty ones coming back. */
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(3);
    private final Thread writer;
    private volatile Throwable failure;
    private byte[] buffer = new byte[BUFFER];
    private int length;
    private boolean finished;

    private record Chunk(byte[] bytes, int length) {
    }

    OffThreadOutput(OutputStream target) {
        this.target = target;
        empty.add(new byte[BUFFER]);
        empty.add(new byte[BUFFER]);
        writer = new Thread(this::drain, "off-thread-output");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) throws IOException {
        if (length == buffer.length) {
            handOff();
        }
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        while (count > 0) {
            if (length == buffer.length) {
                handOff();
            }
            int n = Math.min(count, buffer.length - length);
            System.arraycopy(bytes, offset, buffer, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    /** Writes what is left, waits until the target has it all, and flushes it (the target stays open). */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (length > 0) {
                handOff();
            }
        } finally { // the second thread ends even when the target failed
            put(new Chunk(END, 0));
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the output was written");
            }
        }
        rethrow();
        target.flush();
    }

    /** The same as {@link #finish}: the target is left open, as the caller opened it. */
    @Override
    public void close() throws IOException {
        finish();
    }

    private void handOff() throws IOException {
        put(new Chunk(buffer, length));
        try {
            buffer = empty.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the output was written");
        }
        length = 0;
        rethrow();
    }

    private void put(Chunk chunk) throws IOException {
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the output was written");
        }
    }

    private void drain() {
        while (true) {
            Chunk chunk;
            try {
                chunk = full.take();
            } catch (InterruptedException e) {
                failure = e;
                return;
            }
            if (chunk.bytes() == END) {
                return;
            }
            if (failure == null) { // after a failure the buffers still go round, so that the writer is never stuck
                try {
                    target.write(chunk.bytes(), 0, chunk.length());
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
            empty.add(chunk.bytes()); // room for every buffer there is: never blocks
        }
    }

    /** The target's failure, if any, as a new exception each time (one exception must not be thrown twice). */
    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t != null) {
            throw new IOException(t.getMessage(), t);
        }
    }
}
