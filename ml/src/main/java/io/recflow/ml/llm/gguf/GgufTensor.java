package io.recflow.ml.llm.gguf;

import java.util.Arrays;

/**
 * One tensor's entry in a GGUF header.
 *
 * @param dims   sizes innermost first, as GGUF stores them (a (rows, cols) matrix is {cols, rows})
 * @param offset where its data starts, relative to the file's data section
 */
public record GgufTensor(String name, long[] dims, GgmlType type, long offset) {

    public long elementCount() {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    /** Sizes outermost first, as row-major arrays (DJL, PyTorch, safetensors) describe them. */
    public long[] shape() {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        return shape;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensor other && name.equals(other.name) && Arrays.equals(dims, other.dims)
                && type == other.type && offset == other.offset;
    }

    @Override
    public int hashCode() {
        return ((31 * name.hashCode() + Arrays.hashCode(dims)) * 31 + type.hashCode()) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape());
    }
}
