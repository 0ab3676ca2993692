package io.recflow.ml.llm.gguf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF (v2 or v3, little-endian) model file: its metadata and tensor infos, parsed and checked
 * when opened, and each tensor's values decoded to float on request. Tensor data is mapped one
 * tensor at a time, so a converter holds at most one decoded tensor at once.
 *
 * <p>Opening fails with a {@link GgufException} for a bad magic, an unsupported version, a header
 * cut short, a tensor of a type this reader does not decode, a row length that is not a whole
 * number of blocks, and a tensor whose data would end past the end of the file.
 */
public final class GgufFile implements Closeable {

    /** "GGUF" read as a little-endian u32. */
    private static final int MAGIC = 0x46554747;
    private static final long DEFAULT_ALIGNMENT = 32;

    private final FileChannel channel;
    private final int version;
    private final GgufMetadata metadata;
    private final Map<String, GgufTensor> tensors;
    private final long dataStart;

    private GgufFile(FileChannel channel, int version, GgufMetadata metadata, Map<String, GgufTensor> tensors,
                     long dataStart) {
        this.channel = channel;
        this.version = version;
        this.metadata = metadata;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dataStart = dataStart;
    }

    public static GgufFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return parse(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static GgufFile parse(FileChannel channel) throws IOException {
        HeaderReader in = new HeaderReader(channel);
        int magic = in.i32("the magic");
        if (magic != MAGIC) {
            throw new GgufException(String.format("bad magic 0x%08x: not a GGUF file", magic));
        }
        int version = in.i32("the version");
        if (version != 2 && version != 3) {
            throw new GgufException("unsupported GGUF version " + version + " (this reader handles 2 and 3)");
        }
        // Each tensor info and key-value pair takes at least 8 bytes (its name's length).
        int tensorCount = in.count("the tensor count", 8);
        int kvCount = in.count("the metadata count", 8);
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < kvCount; i++) {
            String key = in.string("metadata key " + i);
            values.put(key, readValue(in, in.i32("the type of '" + key + "'"), key));
        }
        GgufMetadata metadata = new GgufMetadata(values);
        List<GgufTensor> infos = new ArrayList<>(tensorCount);
        for (int i = 0; i < tensorCount; i++) {
            infos.add(readTensorInfo(in, i));
        }
        long alignment = metadata.integer("general.alignment", DEFAULT_ALIGNMENT);
        if (alignment <= 0) {
            throw new GgufException("general.alignment must be positive, is " + alignment);
        }
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        Map<String, GgufTensor> tensors = new LinkedHashMap<>();
        for (GgufTensor t : infos) {
            long end = dataStart + t.offset() + t.byteSize();
            if (t.offset() < 0 || t.offset() > channel.size() || end > channel.size()) {
                throw new GgufException("truncated file: tensor '" + t.name() + "' ends at byte " + end
                        + " but the file has " + channel.size() + " bytes");
            }
            if (tensors.put(t.name(), t) != null) {
                throw new GgufException("duplicate tensor '" + t.name() + "'");
            }
        }
        return new GgufFile(channel, version, metadata, tensors, dataStart);
    }

    private static GgufTensor readTensorInfo(HeaderReader in, int index) throws IOException {
        String name = in.string("tensor info " + index + "'s name");
        int rank = in.i32("the rank of '" + name + "'");
        if (rank < 1 || rank > 4) {
            throw new GgufException("tensor '" + name + "' has " + rank + " dimensions (1 to 4 allowed)");
        }
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.i64("a dimension of '" + name + "'");
            if (dims[d] <= 0) {
                throw new GgufException("tensor '" + name + "' has dimension " + dims[d]);
            }
        }
        int typeId = in.i32("the type of '" + name + "'");
        GgmlType type = GgmlType.byId(typeId);
        if (type == null) {
            throw new GgufException("tensor '" + name + "' has unknown or unsupported ggml type " + typeId);
        }
        long elements = 1;
        for (long d : dims) {
            // Beyond 2^40 values no file could hold it; the bound also keeps the products below from overflowing.
            if (d > (1L << 40) / elements) {
                throw new GgufException("tensor '" + name + "' has dimensions " + Arrays.toString(dims)
                        + ", too large for any file");
            }
            elements *= d;
        }
        if (dims[0] % type.blockValues() != 0) {
            throw new GgufException("tensor '" + name + "': row length " + dims[0] + " is not a multiple of "
                    + type + "'s block of " + type.blockValues());
        }
        return new GgufTensor(name, dims, type, in.i64("the offset of '" + name + "'"));
    }

    private static Object readValue(HeaderReader in, int type, String key) throws IOException {
        return switch (type) {
            case 0 -> (long) in.u8(key);
            case 1 -> (long) (byte) in.u8(key);
            case 2 -> (long) (in.i16(key) & 0xFFFF);
            case 3 -> (long) in.i16(key);
            case 4 -> in.i32(key) & 0xFFFFFFFFL;
            case 5 -> (long) in.i32(key);
            case 6 -> in.f32(key);
            case 7 -> in.u8(key) != 0;
            case 8 -> in.string(key);
            case 9 -> readArray(in, key);
            case 10, 11 -> in.i64(key);
            case 12 -> in.f64(key);
            default -> throw new GgufException("metadata key '" + key + "' has unknown value type " + type);
        };
    }

    private static List<Object> readArray(HeaderReader in, String key) throws IOException {
        int elementType = in.i32("the element type of '" + key + "'");
        int count = in.count("the length of '" + key + "'", 1);
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readValue(in, elementType, key));
        }
        return list;
    }

    public int version() {
        return version;
    }

    public GgufMetadata metadata() {
        return metadata;
    }

    /** Tensor infos by name, in the file's order. */
    public Map<String, GgufTensor> tensors() {
        return tensors;
    }

    public GgufTensor tensor(String name) throws GgufException {
        GgufTensor t = tensors.get(name);
        if (t == null) {
            throw new GgufException("missing tensor '" + name + "'");
        }
        return t;
    }

    /** Offset of the data section (tensor offsets are relative to it). */
    public long dataStart() {
        return dataStart;
    }

    /** The tensor's values decoded to float, row-major (innermost GGUF dimension fastest). */
    public float[] read(GgufTensor tensor) throws IOException {
        long count = tensor.elementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new GgufException("tensor '" + tensor.name() + "' has " + count + " values, too many for one array");
        }
        float[] values = new float[(int) count];
        MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + tensor.offset(),
                tensor.byteSize());
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        tensor.type().decode(bytes, values, 0, values.length);
        return values;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
