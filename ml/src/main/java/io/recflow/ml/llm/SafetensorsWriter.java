package io.recflow.ml.llm;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes fp32 tensors in the safetensors format: an 8-byte little-endian header length, a JSON
 * header (name to dtype, shape and byte range; padded with spaces to a multiple of 8) and the raw
 * little-endian data. All shapes are declared up front, so tensors can then be streamed one at a
 * time, in the declared order, without holding the whole model.
 */
public final class SafetensorsWriter implements Closeable {

    private static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final Iterator<Map.Entry<String, long[]>> pending;

    private SafetensorsWriter(FileChannel channel, Map<String, long[]> shapes) {
        this.channel = channel;
        this.pending = shapes.entrySet().iterator();
    }

    /** Creates {@code file} and writes its header; {@code shapes} fixes the tensors and their order. */
    public static SafetensorsWriter create(Path file, LinkedHashMap<String, long[]> shapes) throws IOException {
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        // Hugging Face's loaders expect to be told the tensors are PyTorch's layout.
        metadata.addProperty("format", "pt");
        header.add("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long bytes = Arrays.stream(e.getValue()).reduce(Float.BYTES, Math::multiplyExact);
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            Arrays.stream(e.getValue()).forEach(shape::add);
            info.add("shape", shape);
            JsonArray range = new JsonArray();
            range.add(offset);
            range.add(offset + bytes);
            info.add("data_offsets", range);
            header.add(e.getKey(), info);
            offset += bytes;
        }
        StringBuilder json = new StringBuilder(new Gson().toJson(header));
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer prefix = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(headerBytes.length).put(headerBytes).flip();
        writeFully(channel, prefix);
        return new SafetensorsWriter(channel, new LinkedHashMap<>(shapes));
    }

    /** Writes the next declared tensor, which must be {@code name} with as many values as its shape holds. */
    public void write(String name, float[] values) throws IOException {
        if (!pending.hasNext()) {
            throw new IllegalStateException("no tensor left to write, got '" + name + "'");
        }
        Map.Entry<String, long[]> next = pending.next();
        long size = Arrays.stream(next.getValue()).reduce(1, Math::multiplyExact);
        if (!next.getKey().equals(name) || size != values.length) {
            throw new IllegalStateException("expected '" + next.getKey() + "' of " + size + " values, got '" + name
                    + "' of " + values.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += CHUNK) {
            int n = Math.min(CHUNK, values.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, n);
            buffer.limit(n * Float.BYTES);
            writeFully(channel, buffer);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Fails if a declared tensor was never written (the file would be short). */
    @Override
    public void close() throws IOException {
        boolean complete = !pending.hasNext();
        channel.close();
        if (!complete) {
            throw new IllegalStateException("closed before every declared tensor was written");
        }
    }
}
