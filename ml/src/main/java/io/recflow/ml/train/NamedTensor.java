package io.recflow.ml.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A host copy of a named float tensor, and its binary form. Checkpoints and saved models are built
 * from these so that they hold plain Java data: safe to hand to another thread, independent of any
 * NDManager or device, and bit-exact through a round trip.
 */
public record NamedTensor(String name, long[] shape, float[] values) {

    public NamedTensor {
        long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (size != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + size
                    + " values, got " + values.length);
        }
    }

    public static void writeAll(DataOutputStream out, List<NamedTensor> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (NamedTensor t : tensors) {
            t.write(out);
        }
    }

    public static List<NamedTensor> readAll(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<NamedTensor> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tensors.add(read(in));
        }
        return tensors;
    }

    public void write(DataOutputStream out) throws IOException {
        out.writeUTF(name);
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        bytes.asFloatBuffer().put(values);
        out.writeInt(values.length);
        out.write(bytes.array());
    }

    public static NamedTensor read(DataInputStream in) throws IOException {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = in.readLong();
        }
        byte[] raw = new byte[Math.multiplyExact(in.readInt(), Float.BYTES)];
        in.readFully(raw);
        float[] values = new float[raw.length / Float.BYTES];
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
        return new NamedTensor(name, shape, values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedTensor other && name.equals(other.name) && Arrays.equals(shape, other.shape)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NamedTensor[" + name + " " + Arrays.toString(shape) + "]";
    }
}
