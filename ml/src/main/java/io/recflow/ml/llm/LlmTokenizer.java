package io.recflow.ml.llm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model's {@code tokenizer.json} through DJL's Hugging Face tokenizers binding, encoding exactly
 * the given text: no BOS/EOS or other template tokens are added, no truncation, no padding (the
 * model pads batches itself). Special tokens written in the text, such as {@code <|im_start|>},
 * become their single ids; decoding keeps them.
 */
public final class LlmTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;

    private LlmTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Loads a {@code tokenizer.json} file (the native library comes from the jar; nothing is downloaded). */
    public static LlmTokenizer load(Path tokenizerJson) throws IOException {
        return new LlmTokenizer(HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build());
    }

    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** With {@code skipSpecialTokens}, control tokens such as EOS are left out (a model's answer as text). */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
