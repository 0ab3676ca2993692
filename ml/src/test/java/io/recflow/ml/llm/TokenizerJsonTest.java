package io.recflow.ml.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerJsonTest {

    @TempDir
    Path dir;

    private LlmTokenizer tokenizer() throws IOException {
        Path file = dir.resolve(ImportedModel.TOKENIZER);
        ImportedModel.writeJson(file, TinyVocabulary.tokenizerJson());
        return LlmTokenizer.load(file);
    }

    @Test
    void mergesWordsSplitsDigitsAndKeepsSpecialTokensWhole() throws IOException {
        try (LlmTokenizer tokenizer = tokenizer()) {
            String text = "<|im_start|>hello world 123<|im_end|>";
            int[] ids = tokenizer.encode(text);
            int[] expected = {TinyVocabulary.IM_START, TinyVocabulary.id("hello"), TinyVocabulary.id("Ġworld"),
                    TinyVocabulary.id("Ġ"), TinyVocabulary.id("1"), TinyVocabulary.id("2"), TinyVocabulary.id("3"),
                    TinyVocabulary.IM_END};
            assertArrayEquals(expected, ids);
            assertEquals(text, tokenizer.decode(ids));
        }
    }

    @Test
    void addsNoTokensAndRoundTripsAnyBytes() throws IOException {
        try (LlmTokenizer tokenizer = tokenizer()) {
            int[] ids = tokenizer.encode("hello");
            assertArrayEquals(new int[]{TinyVocabulary.id("hello")}, ids);
            String text = "  Héllo,\tw0rld! ünïcode ✓ 42\n";
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
        }
    }
}
