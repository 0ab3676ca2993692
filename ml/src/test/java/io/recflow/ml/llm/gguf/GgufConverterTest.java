package io.recflow.ml.llm.gguf;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.llm.ImportedModel;
import io.recflow.ml.llm.LlamaConfig;
import io.recflow.ml.llm.LlamaModel;
import io.recflow.ml.llm.LlmTokenizer;
import io.recflow.ml.llm.SafetensorsReader;
import io.recflow.ml.llm.TinyLlama;
import io.recflow.ml.llm.TinyVocabulary;
import io.recflow.ml.llm.TokenBatch;
import io.recflow.ml.train.GradMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufConverterTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsToTheOriginalWeightsDeterministically() throws IOException {
        Path gguf = TinyLlama.gguf(3, null).write(dir.resolve("tiny.gguf"));
        LlamaConfig config = GgufConverter.convert(gguf, dir.resolve("a"));
        GgufConverter.convert(gguf, dir.resolve("b"));
        assertEquals(TinyLlama.CONFIG, config);
        assertEquals(config, LlamaConfig.read(dir.resolve("a").resolve(ImportedModel.CONFIG)));
        Map<String, float[]> original = TinyLlama.weights(3);
        try (SafetensorsReader weights = SafetensorsReader.open(dir.resolve("a").resolve(ImportedModel.WEIGHTS))) {
            assertEquals(List.copyOf(original.keySet()), List.copyOf(weights.names()));
            for (Map.Entry<String, float[]> e : original.entrySet()) {
                assertArrayEquals(TinyLlama.shape(e.getKey()), weights.shape(e.getKey()), e.getKey());
                assertArrayEquals(e.getValue(), weights.read(e.getKey()), e.getKey());
            }
        }
        for (String file : List.of(ImportedModel.WEIGHTS, ImportedModel.CONFIG, ImportedModel.TOKENIZER,
                ImportedModel.TOKENIZER_CONFIG)) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)), file + " differs between two conversions");
        }
        String tokenizerConfig = Files.readString(dir.resolve("a").resolve(ImportedModel.TOKENIZER_CONFIG));
        assertTrue(tokenizerConfig.contains("\"eos_token\": \"<|im_end|>\"") && tokenizerConfig.contains("chat_template"),
                tokenizerConfig);
    }

    @Test
    void convertedModelComputesWhatTheDirectlyWrittenOneDoes() throws IOException {
        Path converted = dir.resolve("converted");
        GgufConverter.convert(TinyLlama.gguf(3, null).write(dir.resolve("tiny.gguf")), converted);
        Path direct = TinyLlama.writeImported(Files.createDirectories(dir.resolve("direct")), 3);
        int[] ids;
        try (LlmTokenizer tokenizer = LlmTokenizer.load(converted.resolve(ImportedModel.TOKENIZER))) {
            ids = tokenizer.encode("hello world 12");
        }
        assertArrayEquals(new int[]{TinyVocabulary.id("hello"), TinyVocabulary.id("Ġworld"), TinyVocabulary.id("Ġ"),
                TinyVocabulary.id("1"), TinyVocabulary.id("2")}, ids);
        assertArrayEquals(logits(direct, ids), logits(converted, ids), 1e-6f);
    }

    private static float[] logits(Path imported, int[] ids) throws IOException {
        try (LlamaModel model = LlamaModel.load(imported, Device.cpu());
             NDManager manager = model.manager().newSubManager();
             GradMode.Scope ignored = GradMode.paused()) {
            return model.logits(model.forward(manager, TokenBatch.leftPadded(new int[][]{ids}), null, null, null)
                    .hidden()).toFloatArray();
        }
    }

    @Test
    void separateOutputHeadBecomesLmHead() throws IOException {
        LlamaConfig tied = TinyLlama.CONFIG;
        float[] head = new float[tied.vocabSize() * tied.hiddenSize()];
        head[5 * tied.hiddenSize()] = 1f;
        Path gguf = TinyLlama.gguf(3, null)
                .f32Tensor("output.weight", new long[]{tied.vocabSize(), tied.hiddenSize()}, head)
                .write(dir.resolve("untied.gguf"));
        Path out = dir.resolve("untied");
        assertEquals(false, GgufConverter.convert(gguf, out).tieWordEmbeddings());
        try (SafetensorsReader weights = SafetensorsReader.open(out.resolve(ImportedModel.WEIGHTS))) {
            assertArrayEquals(head, weights.read(ImportedModel.OUTPUT_HEAD));
        }
        // Only token 5's head row is nonzero, so every other logit is exactly 0.
        float[] logits = logits(out, new int[]{TinyVocabulary.id("hello")});
        for (int v = 0; v < logits.length; v++) {
            assertEquals(v == 5, logits[v] != 0, "logit " + v);
        }
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path gguf = TinyLlama.gguf(3, "blk.1.ffn_up.weight").write(dir.resolve("partial.gguf"));
        GgufException e = assertThrows(GgufException.class, () -> GgufConverter.convert(gguf, dir.resolve("out")));
        assertEquals("missing tensor 'blk.1.ffn_up.weight'", e.getMessage());
    }

    @Test
    void shapeMismatchIsNamed() throws IOException {
        Path gguf = TinyLlama.gguf(3, "output_norm.weight")
                .f32Tensor("output_norm.weight", new long[]{8}, new float[8])
                .write(dir.resolve("odd.gguf"));
        GgufException e = assertThrows(GgufException.class, () -> GgufConverter.convert(gguf, dir.resolve("out")));
        assertTrue(e.getMessage().startsWith("shape mismatch: tensor 'output_norm.weight' is [8]"), e.getMessage());
    }

    @Test
    void anUnsupportedTokenizerIsRefusedBeforeAnyWeightIsWritten() throws IOException {
        // Llama 3's pre-tokeniser splits text otherwise than SmolLM2's (a later key wins when the file is read).
        Path gguf = TinyLlama.gguf(3, null).string("tokenizer.ggml.pre", "llama-bpe").write(dir.resolve("llama3.gguf"));
        Path out = dir.resolve("out");
        GgufException e = assertThrows(GgufException.class, () -> GgufConverter.convert(gguf, out));
        assertEquals("unsupported tokenizer: tokenizer.ggml.model 'gpt2', tokenizer.ggml.pre 'llama-bpe' (only gpt2"
                + " with smollm pre-tokenisation is rebuilt)", e.getMessage());
        assertFalse(Files.exists(out.resolve(ImportedModel.WEIGHTS)), "no weights were converted");
    }

    @Test
    void missingMetadataKeyIsNamed() throws IOException {
        Path gguf = new GgufWriter().string("general.architecture", "llama").u32("llama.block_count", 2)
                .write(dir.resolve("bare.gguf"));
        GgufException e = assertThrows(GgufException.class, () -> GgufConverter.convert(gguf, dir.resolve("out")));
        assertEquals("missing metadata key 'llama.embedding_length'", e.getMessage());
    }
}
