package io.recflow.ml.llm;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads fp32 tensors from a safetensors file one at a time (see {@link SafetensorsWriter} for the format). */
public final class SafetensorsReader implements Closeable {

    private record Entry(long[] shape, long begin, long end) {
    }

    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafetensorsReader(FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    public static SafetensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            long headerLength = length.flip().getLong();
            if (headerLength <= 0 || headerLength > channel.size() - 8) {
                throw new IOException(file + ": header length " + headerLength + " does not fit the file");
            }
            ByteBuffer header = ByteBuffer.allocate(Math.toIntExact(headerLength));
            readFully(channel, header, 8);
            JsonObject json = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            long dataStart = 8 + headerLength;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : json.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject info = e.getValue().getAsJsonObject();
                String dtype = info.get("dtype").getAsString();
                if (!dtype.equals("F32")) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' is " + dtype + ", only F32 is read");
                }
                long[] shape = new long[info.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.getAsJsonArray("shape").get(i).getAsLong();
                }
                long begin = info.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = info.getAsJsonArray("data_offsets").get(1).getAsLong();
                long expected = Arrays.stream(shape).reduce(Float.BYTES, Math::multiplyExact);
                if (end - begin != expected || begin < 0 || dataStart + end > channel.size()) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' has byte range [" + begin + ", "
                            + end + ") for shape " + Arrays.toString(shape) + " in a file of " + channel.size()
                            + " bytes");
                }
                entries.put(e.getKey(), new Entry(shape, begin, end));
            }
            return new SafetensorsReader(channel, dataStart, Collections.unmodifiableMap(entries));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
    }

    /** Tensor names in the header's order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public long[] shape(String name) throws IOException {
        return entry(name).shape().clone();
    }

    public float[] read(String name) throws IOException {
        Entry e = entry(name);
        float[] values = new float[Math.toIntExact((e.end() - e.begin()) / Float.BYTES)];
        channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin())
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private Entry entry(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IOException("missing tensor '" + name + "'");
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
