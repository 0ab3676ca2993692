package io.recflow.ml.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small GGUF v3 files for tests: metadata of a few value types and tensors given as raw bytes. */
public final class GgufWriter {

    private record Entry(String key, int type, Object value) {
    }

    private record Tensor(String name, long[] dims, int typeId, byte[] data) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter u32(String key, long value) {
        entries.add(new Entry(key, 4, value));
        return this;
    }

    public GgufWriter f32(String key, float value) {
        entries.add(new Entry(key, 6, value));
        return this;
    }

    public GgufWriter string(String key, String value) {
        entries.add(new Entry(key, 8, value));
        return this;
    }

    public GgufWriter strings(String key, List<String> values) {
        entries.add(new Entry(key, 9, new Object[]{8, values}));
        return this;
    }

    public GgufWriter i32s(String key, List<Integer> values) {
        entries.add(new Entry(key, 9, new Object[]{5, values}));
        return this;
    }

    /** A tensor of llama.cpp type {@code typeId}; {@code dims} innermost first, {@code data} its encoded bytes. */
    public GgufWriter tensor(String name, long[] dims, int typeId, byte[] data) {
        tensors.add(new Tensor(name, dims, typeId, data));
        return this;
    }

    /** An F32 tensor of a row-major matrix or vector; {@code shape} outermost first. */
    public GgufWriter f32Tensor(String name, long[] shape, float[] values) {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[shape.length - 1 - i];
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return tensor(name, dims, GgmlType.F32.id(), b.array());
    }

    public byte[] toBytes() {
        Out out = new Out();
        out.i32(0x46554747);
        out.i32(3);
        out.i64(tensors.size());
        out.i64(entries.size());
        for (Entry e : entries) {
            out.string(e.key());
            out.i32(e.type());
            out.value(e.type(), e.value());
        }
        long offset = 0;
        for (Tensor t : tensors) {
            out.string(t.name());
            out.i32(t.dims().length);
            for (long d : t.dims()) {
                out.i64(d);
            }
            out.i32(t.typeId());
            out.i64(offset);
            offset = align(offset + t.data().length);
        }
        out.pad();
        for (Tensor t : tensors) {
            out.write(t.data(), 0, t.data().length);
            out.pad();
        }
        return out.toByteArray();
    }

    public Path write(Path path) throws IOException {
        return Files.write(path, toBytes());
    }

    private static long align(long n) {
        return (n + 31) / 32 * 32;
    }

    private static final class Out extends ByteArrayOutputStream {

        void i32(int v) {
            write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array(), 0, 4);
        }

        void i64(long v) {
            write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array(), 0, 8);
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            write(b, 0, b.length);
        }

        @SuppressWarnings("unchecked")
        void value(int type, Object value) {
            switch (type) {
                case 4, 5 -> i32(((Number) value).intValue());
                case 6 -> i32(Float.floatToRawIntBits((Float) value));
                case 8 -> string((String) value);
                case 9 -> {
                    Object[] typed = (Object[]) value;
                    int elementType = (Integer) typed[0];
                    List<Object> list = (List<Object>) typed[1];
                    i32(elementType);
                    i64(list.size());
                    list.forEach(v -> value(elementType, v));
                }
                default -> throw new IllegalArgumentException("type " + type);
            }
        }

        void pad() {
            while (size() % 32 != 0) {
                write(0);
            }
        }
    }
}
