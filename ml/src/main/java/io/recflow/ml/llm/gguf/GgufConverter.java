package io.recflow.ml.llm.gguf;

import com.google.gson.JsonObject;
import io.recflow.ml.llm.ImportedModel;
import io.recflow.ml.llm.LlamaConfig;
import io.recflow.ml.llm.SafetensorsWriter;
import io.recflow.ml.llm.TokenizerJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a llama-architecture GGUF (as llama.cpp writes SmolLM2) into the imported-model directory
 * ({@link ImportedModel}): weights dequantised to fp32 under Hugging Face's Llama names, q/k rows put
 * back in Hugging Face's order, the config, and the tokenizer rebuilt from the GGUF vocabulary and
 * merges. One tensor is decoded at a time. The same GGUF always gives the same bytes.
 */
public final class GgufConverter {

    /** llama.cpp's token type of control tokens ({@code <|im_start|>}, {@code <|endoftext|>}, ...). */
    private static final long CONTROL = 3;

    private GgufConverter() {
    }

    /** A GGUF tensor, the name it gets and the shape (outermost first) it must have. */
    private record Mapping(String gguf, String name, long[] shape, int ropeHeads) {
    }

    /** Writes the imported format of {@code gguf} into {@code outDir} (created if needed) and returns its config. */
    public static LlamaConfig convert(Path gguf, Path outDir) throws IOException {
        try (GgufFile file = GgufFile.open(gguf)) {
            LlamaConfig config = config(file);
            List<Mapping> mappings = mappings(config);
            Files.createDirectories(outDir);
            LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
            for (Mapping m : mappings) {
                GgufTensor t = file.tensor(m.gguf());
                if (!Arrays.equals(t.shape(), m.shape())) {
                    throw new GgufException("shape mismatch: tensor '" + m.gguf() + "' is " + Arrays.toString(t.shape())
                            + ", the config needs " + Arrays.toString(m.shape()));
                }
                shapes.put(m.name(), m.shape());
            }
            try (SafetensorsWriter weights = SafetensorsWriter.create(outDir.resolve(ImportedModel.WEIGHTS), shapes)) {
                for (Mapping m : mappings) {
                    float[] values = file.read(file.tensor(m.gguf()));
                    if (m.ropeHeads() > 0) {
                        values = RopePermutation.unpermute(values, m.ropeHeads(), config.hiddenSize());
                    }
                    weights.write(m.name(), values);
                }
            }
            ImportedModel.writeJson(outDir.resolve(ImportedModel.CONFIG), config.toJson());
            writeTokenizer(file.metadata(), config, outDir);
            return config;
        }
    }

    static LlamaConfig config(GgufFile file) throws GgufException {
        GgufMetadata m = file.metadata();
        String architecture = m.string("general.architecture");
        if (!architecture.equals("llama")) {
            throw new GgufException("unsupported architecture '" + architecture + "' (only llama is converted)");
        }
        int hidden = intKey(m, "llama.embedding_length");
        int heads = intKey(m, "llama.attention.head_count");
        if (m.has("llama.attention.key_length") && m.integer("llama.attention.key_length") * heads != hidden) {
            throw new GgufException("llama.attention.key_length " + m.integer("llama.attention.key_length")
                    + " is not embedding_length / head_count; such models are not supported");
        }
        // A float widened to double prints as 9.999999747378752E-6; its shortest decimal form is what HF writes.
        double eps = Double.parseDouble(Float.toString(m.float32("llama.attention.layer_norm_rms_epsilon")));
        double theta = Double.parseDouble(Float.toString(m.float32("llama.rope.freq_base")));
        LlamaConfig config = new LlamaConfig(hidden, intKey(m, "llama.feed_forward_length"),
                intKey(m, "llama.block_count"), heads, intKey(m, "llama.attention.head_count_kv"), eps, theta,
                intKey(m, "llama.context_length"), m.strings("tokenizer.ggml.tokens").size(),
                !file.tensors().containsKey("output.weight"), intKey(m, "tokenizer.ggml.bos_token_id"),
                intKey(m, "tokenizer.ggml.eos_token_id"));
        requireSupportedTokenizer(m);  // before any weight is converted: minutes of work for a model refused anyway
        return config;
    }

    private static int intKey(GgufMetadata m, String key) throws GgufException {
        return Math.toIntExact(m.integer(key));
    }

    private static List<Mapping> mappings(LlamaConfig c) {
        long d = c.hiddenSize();
        long kv = (long) c.kvHeads() * c.headSize();
        long ffn = c.intermediateSize();
        List<Mapping> list = new ArrayList<>();
        list.add(new Mapping("token_embd.weight", ImportedModel.EMBEDDING, new long[]{c.vocabSize(), d}, 0));
        for (int i = 0; i < c.layers(); i++) {
            String g = "blk." + i + ".";
            String h = ImportedModel.layer(i) + ".";
            list.add(new Mapping(g + "attn_norm.weight", h + "input_layernorm.weight", new long[]{d}, 0));
            list.add(new Mapping(g + "attn_q.weight", h + "self_attn.q_proj.weight", new long[]{d, d}, c.heads()));
            list.add(new Mapping(g + "attn_k.weight", h + "self_attn.k_proj.weight", new long[]{kv, d}, c.kvHeads()));
            list.add(new Mapping(g + "attn_v.weight", h + "self_attn.v_proj.weight", new long[]{kv, d}, 0));
            list.add(new Mapping(g + "attn_output.weight", h + "self_attn.o_proj.weight", new long[]{d, d}, 0));
            list.add(new Mapping(g + "ffn_norm.weight", h + "post_attention_layernorm.weight", new long[]{d}, 0));
            list.add(new Mapping(g + "ffn_gate.weight", h + "mlp.gate_proj.weight", new long[]{ffn, d}, 0));
            list.add(new Mapping(g + "ffn_up.weight", h + "mlp.up_proj.weight", new long[]{ffn, d}, 0));
            list.add(new Mapping(g + "ffn_down.weight", h + "mlp.down_proj.weight", new long[]{d, ffn}, 0));
        }
        list.add(new Mapping("output_norm.weight", ImportedModel.FINAL_NORM, new long[]{d}, 0));
        if (!c.tieWordEmbeddings()) {
            list.add(new Mapping("output.weight", ImportedModel.OUTPUT_HEAD, new long[]{c.vocabSize(), d}, 0));
        }
        return list;
    }

    private static void requireSupportedTokenizer(GgufMetadata m) throws GgufException {
        String model = m.string("tokenizer.ggml.model");
        String pre = m.has("tokenizer.ggml.pre") ? m.string("tokenizer.ggml.pre") : "(none)";
        // The pre-tokeniser TokenizerJson writes is SmolLM2's; other GPT-2-style models split text differently.
        if (!model.equals("gpt2") || !pre.equals("smollm")) {
            throw new GgufException("unsupported tokenizer: tokenizer.ggml.model '" + model + "', tokenizer.ggml.pre '"
                    + pre + "' (only gpt2 with smollm pre-tokenisation is rebuilt)");
        }
    }

    private static void writeTokenizer(GgufMetadata m, LlamaConfig config, Path outDir) throws IOException {
        List<String> tokens = m.strings("tokenizer.ggml.tokens");
        List<Long> types = m.integers("tokenizer.ggml.token_type");
        if (types.size() != tokens.size()) {
            throw new GgufException("tokenizer.ggml.token_type has " + types.size() + " entries for "
                    + tokens.size() + " tokens");
        }
        Set<Integer> special = new HashSet<>();
        for (int id = 0; id < types.size(); id++) {
            if (types.get(id) == CONTROL) {
                special.add(id);
            }
        }
        ImportedModel.writeJson(outDir.resolve(ImportedModel.TOKENIZER),
                TokenizerJson.build(tokens, m.strings("tokenizer.ggml.merges"), special));
        JsonObject tokenizerConfig = new JsonObject();
        tokenizerConfig.addProperty("tokenizer_class", "GPT2Tokenizer");
        tokenizerConfig.addProperty("add_prefix_space", false);
        tokenizerConfig.addProperty("clean_up_tokenization_spaces", false);
        tokenizerConfig.addProperty("model_max_length", config.maxPositions());
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("bos_token", "tokenizer.ggml.bos_token_id");
        roles.put("eos_token", "tokenizer.ggml.eos_token_id");
        roles.put("unk_token", "tokenizer.ggml.unknown_token_id");
        roles.put("pad_token", "tokenizer.ggml.padding_token_id");
        for (Map.Entry<String, String> role : roles.entrySet()) {
            if (m.has(role.getValue())) {
                tokenizerConfig.addProperty(role.getKey(), tokens.get(intKey(m, role.getValue())));
            }
        }
        if (m.has("tokenizer.chat_template")) {
            tokenizerConfig.addProperty("chat_template", m.string("tokenizer.chat_template"));
        }
        ImportedModel.writeJson(outDir.resolve(ImportedModel.TOKENIZER_CONFIG), tokenizerConfig);
    }
}
