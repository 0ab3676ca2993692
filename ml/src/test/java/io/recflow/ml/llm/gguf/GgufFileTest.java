package io.recflow.ml.llm.gguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufFileTest {

    @TempDir
    Path dir;

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Low nibble of byte i is i, high nibble 15 - i. */
    private static void nibbles(ByteBuffer b) {
        for (int i = 0; i < 16; i++) {
            b.put((byte) (i | (15 - i) << 4));
        }
    }

    private float[] decode(String name, int typeId, long[] dims, byte[] data) throws IOException {
        Path path = new GgufWriter().tensor(name, dims, typeId, data).write(dir.resolve(name + ".gguf"));
        try (GgufFile file = GgufFile.open(path)) {
            return file.read(file.tensor(name));
        }
    }

    @Test
    void readsMetadataAndTensorInfos() throws IOException {
        Path path = new GgufWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", 30)
                .f32("llama.rope.freq_base", 100000f)
                .strings("tokenizer.ggml.tokens", List.of("a", "b", "<|im_end|>"))
                .i32s("tokenizer.ggml.token_type", List.of(1, 1, 3))
                .f32Tensor("w", new long[]{2, 3}, new float[]{1, 2, 3, 4, 5, 6})
                .f32Tensor("v", new long[]{2}, new float[]{7, 8})
                .write(dir.resolve("m.gguf"));
        try (GgufFile file = GgufFile.open(path)) {
            GgufMetadata m = file.metadata();
            assertEquals(3, file.version());
            assertEquals("llama", m.string("general.architecture"));
            assertEquals(30, m.integer("llama.block_count"));
            assertEquals(100000f, m.float32("llama.rope.freq_base"));
            assertEquals(List.of("a", "b", "<|im_end|>"), m.strings("tokenizer.ggml.tokens"));
            assertEquals(List.of(1L, 1L, 3L), m.integers("tokenizer.ggml.token_type"));
            assertEquals(List.of("w", "v"), List.copyOf(file.tensors().keySet()));
            GgufTensor w = file.tensor("w");
            assertArrayEquals(new long[]{3, 2}, w.dims());
            assertArrayEquals(new long[]{2, 3}, w.shape());
            assertEquals(0, file.dataStart() % 32);
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, file.read(w));
            assertArrayEquals(new float[]{7, 8}, file.read(file.tensor("v")));
        }
    }

    @Test
    void decodesF16() throws IOException {
        ByteBuffer b = le(10).putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x3800)
                .putShort((short) 0x7BFF).putShort((short) 0x0001);
        float[] v = decode("h", 1, new long[]{5}, b.array());
        assertArrayEquals(new float[]{1f, -2f, 0.5f, 65504f, 0x1p-24f}, v);
    }

    @Test
    void decodesBf16() throws IOException {
        ByteBuffer b = le(4).putShort((short) 0x3F80).putShort((short) 0xC060);
        assertArrayEquals(new float[]{1f, -3.5f}, decode("b", 30, new long[]{2}, b.array()));
    }

    @Test
    void decodesQ8_0() throws IOException {
        ByteBuffer b = le(34).putShort((short) 0x3400); // d = 0.25
        float[] expected = new float[32];
        for (int i = 0; i < 32; i++) {
            b.put((byte) (i - 16));
            expected[i] = 0.25f * (i - 16);
        }
        assertArrayEquals(expected, decode("q8", 8, new long[]{32}, b.array()));
    }

    @Test
    void decodesQ4_0() throws IOException {
        ByteBuffer b = le(18).putShort((short) 0x4000); // d = 2
        nibbles(b);
        float[] expected = new float[32];
        for (int i = 0; i < 16; i++) {
            expected[i] = 2f * (i - 8);
            expected[16 + i] = 2f * (15 - i - 8);
        }
        assertArrayEquals(expected, decode("q40", 2, new long[]{32}, b.array()));
    }

    @Test
    void decodesQ4_1AcrossRowsOfTwoBlocks() throws IOException {
        // Two rows of one block each: d = 0.5, m = -1, then d = 1, m = 0.25.
        ByteBuffer b = le(40).putShort((short) 0x3800).putShort((short) 0xBC00);
        nibbles(b);
        b.putShort((short) 0x3C00).putShort((short) 0x3400);
        nibbles(b);
        float[] expected = new float[64];
        for (int i = 0; i < 16; i++) {
            expected[i] = 0.5f * i - 1f;
            expected[16 + i] = 0.5f * (15 - i) - 1f;
            expected[32 + i] = i + 0.25f;
            expected[48 + i] = (15 - i) + 0.25f;
        }
        assertArrayEquals(expected, decode("q41", 3, new long[]{32, 2}, b.array()));
    }

    @Test
    void badMagicIsNamed() throws IOException {
        Path path = Files.write(dir.resolve("x.gguf"), "GGML and more bytes than a header".getBytes());
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("bad magic"), e.getMessage());
    }

    @Test
    void unsupportedVersionIsNamed() throws IOException {
        byte[] bytes = new GgufWriter().toBytes();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 7);
        Path path = Files.write(dir.resolve("v.gguf"), bytes);
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("unsupported GGUF version 7"), e.getMessage());
    }

    @Test
    void tensorPastTheEndIsTruncation() throws IOException {
        byte[] bytes = new GgufWriter().f32Tensor("blk.0.ffn_up.weight", new long[]{4, 8}, new float[32]).toBytes();
        Path path = Files.write(dir.resolve("t.gguf"), Arrays.copyOf(bytes, bytes.length - 40));
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("'blk.0.ffn_up.weight'"),
                e.getMessage());
    }

    @Test
    void headerCutShortIsTruncation() throws IOException {
        byte[] bytes = new GgufWriter().strings("tokenizer.ggml.tokens", List.of("alpha", "beta", "gamma")).toBytes();
        Path path = Files.write(dir.resolve("h.gguf"), Arrays.copyOf(bytes, 60));
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("tokenizer.ggml.tokens"),
                e.getMessage());
    }

    @Test
    void unknownTensorTypeNamesTensorAndId() throws IOException {
        Path path = new GgufWriter().tensor("blk.3.attn_q.weight", new long[]{256}, 12, new byte[144])
                .write(dir.resolve("k.gguf"));
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(path));
        assertTrue(e.getMessage().contains("'blk.3.attn_q.weight'") && e.getMessage().contains("type 12"),
                e.getMessage());
    }

    @Test
    void missingTensorAndKeyAreNamed() throws IOException {
        Path path = new GgufWriter().u32("llama.block_count", 2).write(dir.resolve("m.gguf"));
        try (GgufFile file = GgufFile.open(path)) {
            GgufException tensor = assertThrows(GgufException.class, () -> file.tensor("output_norm.weight"));
            assertEquals("missing tensor 'output_norm.weight'", tensor.getMessage());
            GgufException key = assertThrows(GgufException.class, () -> file.metadata().integer("llama.context_length"));
            assertEquals("missing metadata key 'llama.context_length'", key.getMessage());
            GgufException type = assertThrows(GgufException.class, () -> file.metadata().string("llama.block_count"));
            assertTrue(type.getMessage().contains("'llama.block_count'"), type.getMessage());
        }
    }
}
