package io.recflow.ml.llm;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Builds a Hugging Face {@code tokenizer.json} for a byte-level BPE model the way SmolLM2's is made:
 * digits split one by one, then GPT-2's byte-level pre-tokenisation (no prefix space), BPE without
 * an unknown token or dropout, byte-level decoding. The special tokens are added tokens, so they are
 * matched whole before BPE and never split. Nothing is added around a text: no BOS/EOS template.
 */
public final class TokenizerJson {

    private TokenizerJson() {
    }

    /**
     * @param tokens  the vocabulary, token id = list index, in byte-level form ("Ġthe")
     * @param merges  BPE merges by rank, each "left right"
     * @param special ids of the control tokens ({@code <|im_start|>}, {@code <|endoftext|>}, ...)
     */
    public static JsonObject build(List<String> tokens, List<String> merges, Set<Integer> special) {
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", JsonNull.INSTANCE);
        json.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (int id = 0; id < tokens.size(); id++) {
            if (special.contains(id)) {
                JsonObject token = new JsonObject();
                token.addProperty("id", id);
                token.addProperty("content", tokens.get(id));
                token.addProperty("single_word", false);
                token.addProperty("lstrip", false);
                token.addProperty("rstrip", false);
                token.addProperty("normalized", false);
                token.addProperty("special", true);
                added.add(token);
            }
        }
        json.add("added_tokens", added);
        json.add("normalizer", JsonNull.INSTANCE);
        JsonObject digits = new JsonObject();
        digits.addProperty("type", "Digits");
        digits.addProperty("individual_digits", true);
        JsonArray steps = new JsonArray();
        steps.add(digits);
        steps.add(byteLevel(false, true));
        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "Sequence");
        preTokenizer.add("pretokenizers", steps);
        json.add("pre_tokenizer", preTokenizer);
        // Byte-level post-processing only adjusts offsets; it adds no tokens.
        json.add("post_processor", byteLevel(true, false));
        json.add("decoder", byteLevel(true, true));
        json.add("model", model(tokens, merges));
        return json;
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", addPrefixSpace);
        o.addProperty("trim_offsets", trimOffsets);
        o.addProperty("use_regex", true);
        return o;
    }

    private static JsonObject model(List<String> tokens, List<String> merges) {
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        JsonObject vocab = new JsonObject();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.addProperty(tokens.get(id), id);
        }
        model.add("vocab", vocab);
        JsonArray mergeList = new JsonArray();
        merges.forEach(mergeList::add);
        model.add("merges", mergeList);
        return model;
    }
}
