package io.recflow.ml.llm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a Llama decoder, as Hugging Face's {@code LlamaConfig} names it in {@code config.json}.
 *
 * @param rmsNormEps the epsilon inside RMSNorm's square root
 * @param ropeTheta  RoPE's frequency base
 * @param tieWordEmbeddings whether the output head is the token embedding (else {@code lm_head.weight} exists)
 */
public record LlamaConfig(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads,
                          double rmsNormEps, double ropeTheta, int maxPositions, int vocabSize,
                          boolean tieWordEmbeddings, int bosTokenId, int eosTokenId) {

    public LlamaConfig {
        if (hiddenSize % heads != 0 || heads % kvHeads != 0 || (hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("hidden " + hiddenSize + ", heads " + heads + " and kv heads " + kvHeads
                    + " must give an even head size and whole query groups");
        }
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    /** The number of weights: embedding, per layer two norms, four attention and three MLP projections, final norm, head when untied. */
    public long parameterCount() {
        long d = hiddenSize;
        long kv = (long) kvHeads * headSize();
        long perLayer = 2 * d + 2 * d * d + 2 * kv * d + 3L * intermediateSize * d;
        long embedding = (long) vocabSize * d;
        return embedding + layers * perLayer + d + (tieWordEmbeddings ? 0 : embedding);
    }

    /** Query heads per key/value head (grouped-query attention). */
    public int groups() {
        return heads / kvHeads;
    }

    /** Hugging Face's fields, in a fixed order so the same config gives the same bytes. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        JsonArray architectures = new JsonArray();
        architectures.add("LlamaForCausalLM");
        o.add("architectures", architectures);
        o.addProperty("model_type", "llama");
        o.addProperty("hidden_size", hiddenSize);
        o.addProperty("intermediate_size", intermediateSize);
        o.addProperty("num_hidden_layers", layers);
        o.addProperty("num_attention_heads", heads);
        o.addProperty("num_key_value_heads", kvHeads);
        o.addProperty("head_dim", headSize());
        o.addProperty("hidden_act", "silu");
        o.addProperty("rms_norm_eps", rmsNormEps);
        o.addProperty("rope_theta", ropeTheta);
        o.addProperty("max_position_embeddings", maxPositions);
        o.addProperty("vocab_size", vocabSize);
        o.addProperty("tie_word_embeddings", tieWordEmbeddings);
        o.addProperty("attention_bias", false);
        o.addProperty("mlp_bias", false);
        o.addProperty("bos_token_id", bosTokenId);
        o.addProperty("eos_token_id", eosTokenId);
        o.addProperty("torch_dtype", "float32");
        return o;
    }

    public static LlamaConfig fromJson(JsonObject o) throws IOException {
        return new LlamaConfig(intField(o, "hidden_size"), intField(o, "intermediate_size"),
                intField(o, "num_hidden_layers"), intField(o, "num_attention_heads"),
                intField(o, "num_key_value_heads"), field(o, "rms_norm_eps").getAsDouble(),
                field(o, "rope_theta").getAsDouble(), intField(o, "max_position_embeddings"),
                intField(o, "vocab_size"), o.has("tie_word_embeddings") && o.get("tie_word_embeddings").getAsBoolean(),
                intField(o, "bos_token_id"), intField(o, "eos_token_id"));
    }

    public static LlamaConfig read(Path file) throws IOException {
        return fromJson(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
    }

    private static int intField(JsonObject o, String name) throws IOException {
        return field(o, name).getAsInt();
    }

    private static JsonElement field(JsonObject o, String name) throws IOException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IOException("config.json has no '" + name + "'");
        }
        return e;
    }
}
