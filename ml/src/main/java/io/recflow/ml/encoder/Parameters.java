package io.recflow.ml.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The trainable arrays of a model by name, in creation order. Initial values are drawn in Java from
 * a seeded {@link Random}, so a model's start does not depend on the engine's global generator
 * (which other trainings in the same JVM share).
 */
final class Parameters {

    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    Parameters(NDManager manager) {
        this.manager = manager;
    }

    /** The named array, checked against the shape the model expects (a loaded file may not match). */
    NDArray get(String name, long... shape) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        if (!array.getShape().equals(new Shape(shape))) {
            throw new IllegalArgumentException("parameter '" + name + "' has shape " + array.getShape()
                    + ", expected " + new Shape(shape));
        }
        return array;
    }

    Map<String, NDArray> all() {
        return Collections.unmodifiableMap(arrays);
    }

    NDArray normal(String name, Random random, double std, long... shape) {
        float[] values = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return add(name, values, new Shape(shape));
    }

    /** Glorot/Xavier uniform for a weight of shape (out, in). */
    NDArray xavier(String name, Random random, long out, long in) {
        double bound = Math.sqrt(6.0 / (in + out));
        float[] values = new float[Math.toIntExact(out * in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return add(name, values, new Shape(out, in));
    }

    NDArray constant(String name, float value, long... shape) {
        float[] values = new float[Math.toIntExact(new Shape(shape).size())];
        Arrays.fill(values, value);
        return add(name, values, new Shape(shape));
    }

    private NDArray add(String name, float[] values, Shape shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter '" + name + "'");
        }
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        arrays.put(name, array);
        return array;
    }

    /** Names, shapes and float32 values, in order. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, NDArray> entry : arrays.entrySet()) {
            out.writeUTF(entry.getKey());
            long[] shape = entry.getValue().getShape().getShape();
            out.writeInt(shape.length);
            for (long dim : shape) {
                out.writeLong(dim);
            }
            float[] values = entry.getValue().toFloatArray();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
        }
    }

    /** Reads what {@link #write} wrote. */
    static Parameters read(DataInputStream in, NDManager manager) throws IOException {
        int count = in.readInt();
        Parameters read = new Parameters(manager);
        for (int p = 0; p < count; p++) {
            String name = in.readUTF();
            long[] dims = new long[in.readInt()];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.readLong();
            }
            Shape shape = new Shape(dims);
            byte[] bytes = new byte[Math.toIntExact(shape.size() * Float.BYTES)];
            in.readFully(bytes);
            float[] values = new float[Math.toIntExact(shape.size())];
            ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
            read.add(name, values, shape);
        }
        return read;
    }
}
