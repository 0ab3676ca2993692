package io.recflow.ml.llm.gguf;

import java.nio.ByteBuffer;

/**
 * The ggml tensor encodings this reader decodes, with llama.cpp's type ids. Quantised types store
 * blocks of 32 consecutive values along a row (the innermost dimension), each block with its own
 * fp16 scale (and, for Q4_1, an fp16 minimum).
 */
public enum GgmlType {
    F32(0, 1, 4) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            dst[at] = src.getFloat();
        }
    },
    F16(1, 1, 2) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            dst[at] = Half.toFloat(src.getShort());
        }
    },
    /** 32 values: fp16 scale d, then 16 bytes of 4-bit q (low nibbles are values 0..15, high 16..31); w = d * (q - 8). */
    Q4_0(2, 32, 18) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            float d = Half.toFloat(src.getShort());
            for (int i = 0; i < 16; i++) {
                int b = src.get() & 0xFF;
                dst[at + i] = d * ((b & 0x0F) - 8);
                dst[at + i + 16] = d * ((b >>> 4) - 8);
            }
        }
    },
    /** 32 values: fp16 scale d, fp16 minimum m, then 16 bytes of 4-bit q laid out as in Q4_0; w = d * q + m. */
    Q4_1(3, 32, 20) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            float d = Half.toFloat(src.getShort());
            float m = Half.toFloat(src.getShort());
            for (int i = 0; i < 16; i++) {
                int b = src.get() & 0xFF;
                dst[at + i] = d * (b & 0x0F) + m;
                dst[at + i + 16] = d * (b >>> 4) + m;
            }
        }
    },
    /** 32 values: fp16 scale d, then 32 signed bytes q; w = d * q. */
    Q8_0(8, 32, 34) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            float d = Half.toFloat(src.getShort());
            for (int i = 0; i < 32; i++) {
                dst[at + i] = d * src.get();
            }
        }
    },
    /** bfloat16: the upper half of an fp32. */
    BF16(30, 1, 2) {
        @Override
        void decodeBlock(ByteBuffer src, float[] dst, int at) {
            dst[at] = Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16);
        }
    };

    private final int id;
    private final int blockValues;
    private final int blockBytes;

    GgmlType(int id, int blockValues, int blockBytes) {
        this.id = id;
        this.blockValues = blockValues;
        this.blockBytes = blockBytes;
    }

    /** llama.cpp's id of this type in a tensor info. */
    public int id() {
        return id;
    }

    /** Values per block; a row's length must be a multiple of it. */
    public int blockValues() {
        return blockValues;
    }

    /** The type with llama.cpp id {@code id}, or null when this reader does not decode it. */
    public static GgmlType byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** Bytes that {@code values} values (a multiple of the block size) occupy. */
    public long bytesFor(long values) {
        return values / blockValues * blockBytes;
    }

    /**
     * Decodes {@code count} values (a multiple of the block size) from {@code src}, a little-endian
     * buffer positioned at a block start, into {@code dst} from index {@code at}.
     */
    public void decode(ByteBuffer src, float[] dst, int at, int count) {
        for (int i = 0; i < count; i += blockValues) {
            decodeBlock(src, dst, at + i);
        }
    }

    abstract void decodeBlock(ByteBuffer src, float[] dst, int at);
}
