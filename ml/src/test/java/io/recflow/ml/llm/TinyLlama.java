package io.recflow.ml.llm;

import io.recflow.ml.llm.gguf.GgufWriter;
import io.recflow.ml.train.Initialization;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random Llama (2 layers, width 16, 4 query heads over 2 key/value heads) with a tiny
 * byte-level BPE vocabulary, written by tests as an imported-model directory or as a GGUF.
 */
public final class TinyLlama {

    public static final LlamaConfig CONFIG = new LlamaConfig(16, 32, 2, 4, 2, 1e-5, 10000, 64,
            TinyVocabulary.TOKENS.size(), true, TinyVocabulary.IM_START, TinyVocabulary.IM_END);

    private TinyLlama() {
    }

    /** Hugging Face names to row-major values, in the imported format's order. */
    public static Map<String, float[]> weights(long seed) {
        Random random = new Random(seed);
        LlamaConfig c = CONFIG;
        int d = c.hiddenSize();
        int kv = c.kvHeads() * c.headSize();
        int ffn = c.intermediateSize();
        Map<String, float[]> w = new LinkedHashMap<>();
        w.put(ImportedModel.EMBEDDING, Initialization.normal(random, c.vocabSize() * d, 1.0));
        for (int i = 0; i < c.layers(); i++) {
            String p = ImportedModel.layer(i) + ".";
            w.put(p + "input_layernorm.weight", gains(random, d));
            w.put(p + "self_attn.q_proj.weight", Initialization.normal(random, d * d, 0.4));
            w.put(p + "self_attn.k_proj.weight", Initialization.normal(random, kv * d, 0.4));
            w.put(p + "self_attn.v_proj.weight", Initialization.normal(random, kv * d, 0.4));
            w.put(p + "self_attn.o_proj.weight", Initialization.normal(random, d * d, 0.4));
            w.put(p + "post_attention_layernorm.weight", gains(random, d));
            w.put(p + "mlp.gate_proj.weight", Initialization.normal(random, ffn * d, 0.4));
            w.put(p + "mlp.up_proj.weight", Initialization.normal(random, ffn * d, 0.4));
            w.put(p + "mlp.down_proj.weight", Initialization.normal(random, d * ffn, 0.3));
        }
        w.put(ImportedModel.FINAL_NORM, gains(random, d));
        return w;
    }

    private static float[] gains(Random random, int size) {
        float[] g = Initialization.normal(random, size, 0.1);
        for (int i = 0; i < size; i++) {
            g[i] += 1;
        }
        return g;
    }

    /** Row-major shape of each weight. */
    public static long[] shape(String name) {
        LlamaConfig c = CONFIG;
        long d = c.hiddenSize();
        long kv = (long) c.kvHeads() * c.headSize();
        if (name.equals(ImportedModel.EMBEDDING)) {
            return new long[]{c.vocabSize(), d};
        }
        if (name.endsWith("norm.weight") || name.endsWith("layernorm.weight")) {
            return new long[]{d};
        }
        if (name.contains("k_proj") || name.contains("v_proj")) {
            return new long[]{kv, d};
        }
        if (name.contains("gate_proj") || name.contains("up_proj")) {
            return new long[]{c.intermediateSize(), d};
        }
        if (name.contains("down_proj")) {
            return new long[]{d, c.intermediateSize()};
        }
        return new long[]{d, d};
    }

    /** Writes the imported format (weights, config, tokenizer) of the model with {@code seed}. */
    public static Path writeImported(Path dir, long seed) throws IOException {
        Map<String, float[]> w = weights(seed);
        LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
        w.keySet().forEach(name -> shapes.put(name, shape(name)));
        try (SafetensorsWriter writer = SafetensorsWriter.create(dir.resolve(ImportedModel.WEIGHTS), shapes)) {
            for (Map.Entry<String, float[]> e : w.entrySet()) {
                writer.write(e.getKey(), e.getValue());
            }
        }
        ImportedModel.writeJson(dir.resolve(ImportedModel.CONFIG), CONFIG.toJson());
        ImportedModel.writeJson(dir.resolve(ImportedModel.TOKENIZER), TinyVocabulary.tokenizerJson());
        return dir;
    }

    /** GGUF rows of a projection: within each head of size 2h, original row j*h + i stored as row 2i + j. */
    public static float[] permute(float[] original, int heads, int cols) {
        int headSize = original.length / cols / heads;
        int half = headSize / 2;
        float[] gguf = new float[original.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    System.arraycopy(original, (h * headSize + j * half + i) * cols, gguf,
                            (h * headSize + 2 * i + j) * cols, cols);
                }
            }
        }
        return gguf;
    }

    /** A GGUF of the model with {@code seed} as llama.cpp lays it out, every tensor F32, minus {@code omit}. */
    public static GgufWriter gguf(long seed, String omit) {
        return gguf(seed, omit, CONFIG.maxPositions());
    }

    /** The same with a longer context, for prompts that list candidates and a history by their titles. */
    public static GgufWriter gguf(long seed, String omit, int contextLength) {
        LlamaConfig c = CONFIG;
        GgufWriter g = new GgufWriter()
                .string("general.architecture", "llama")
                .u32("llama.block_count", c.layers())
                .u32("llama.context_length", contextLength)
                .u32("llama.embedding_length", c.hiddenSize())
                .u32("llama.feed_forward_length", c.intermediateSize())
                .u32("llama.attention.head_count", c.heads())
                .u32("llama.attention.head_count_kv", c.kvHeads())
                .f32("llama.rope.freq_base", (float) c.ropeTheta())
                .f32("llama.attention.layer_norm_rms_epsilon", (float) c.rmsNormEps())
                .string("tokenizer.ggml.model", "gpt2")
                .string("tokenizer.ggml.pre", "smollm")
                .strings("tokenizer.ggml.tokens", TinyVocabulary.TOKENS)
                .strings("tokenizer.ggml.merges", TinyVocabulary.MERGES)
                .i32s("tokenizer.ggml.token_type", TinyVocabulary.tokenTypes())
                .u32("tokenizer.ggml.bos_token_id", c.bosTokenId())
                .u32("tokenizer.ggml.eos_token_id", c.eosTokenId())
                .string("tokenizer.chat_template", "{{ messages }}");
        Map<String, float[]> w = weights(seed);
        List<String[]> names = new ArrayList<>();
        names.add(new String[]{"token_embd.weight", ImportedModel.EMBEDDING});
        for (int i = 0; i < c.layers(); i++) {
            String b = "blk." + i + ".";
            String p = ImportedModel.layer(i) + ".";
            names.add(new String[]{b + "attn_norm.weight", p + "input_layernorm.weight"});
            names.add(new String[]{b + "attn_q.weight", p + "self_attn.q_proj.weight"});
            names.add(new String[]{b + "attn_k.weight", p + "self_attn.k_proj.weight"});
            names.add(new String[]{b + "attn_v.weight", p + "self_attn.v_proj.weight"});
            names.add(new String[]{b + "attn_output.weight", p + "self_attn.o_proj.weight"});
            names.add(new String[]{b + "ffn_norm.weight", p + "post_attention_layernorm.weight"});
            names.add(new String[]{b + "ffn_gate.weight", p + "mlp.gate_proj.weight"});
            names.add(new String[]{b + "ffn_up.weight", p + "mlp.up_proj.weight"});
            names.add(new String[]{b + "ffn_down.weight", p + "mlp.down_proj.weight"});
        }
        names.add(new String[]{"output_norm.weight", ImportedModel.FINAL_NORM});
        for (String[] n : names) {
            if (n[0].equals(omit)) {
                continue;
            }
            float[] values = w.get(n[1]);
            if (n[0].endsWith("attn_q.weight")) {
                values = permute(values, c.heads(), c.hiddenSize());
            } else if (n[0].endsWith("attn_k.weight")) {
                values = permute(values, c.kvHeads(), c.hiddenSize());
            }
            g.f32Tensor(n[0], shape(n[1]), values);
        }
        return g;
    }
}
