package io.recflow.ml.llm;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The imported-model directory: a pretrained language model in Hugging Face's layout, so that its
 * own tools read it too. {@code model.safetensors} holds fp32 weights under Llama's names,
 * {@code config.json} the shape, {@code tokenizer.json} the tokenizer and {@code tokenizer_config.json}
 * the special tokens and chat template. Its files are written deterministically (fixed key order,
 * fixed tensor order), so the directory can be content-addressed.
 */
public final class ImportedModel {

    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    public static final String EMBEDDING = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String OUTPUT_HEAD = "lm_head.weight";

    private ImportedModel() {
    }

    /** Name prefix of layer {@code layer}'s tensors, e.g. {@code model.layers.3}. */
    public static String layer(int layer) {
        return "model.layers." + layer;
    }

    /** Pretty-printed, without HTML escaping (tokens such as {@code <|im_end|>} stay readable), newline-terminated. */
    public static void writeJson(Path file, JsonElement json) throws IOException {
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
