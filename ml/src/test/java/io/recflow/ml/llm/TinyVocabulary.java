package io.recflow.ml.llm;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A hand-made byte-level BPE vocabulary: three control tokens, GPT-2's 256 byte symbols, and a few
 * merges that spell "hello", " world" and "12" (the last must never apply: digits are split first).
 */
public final class TinyVocabulary {

    public static final int ENDOFTEXT = 0;
    public static final int IM_START = 1;
    public static final int IM_END = 2;

    public static final List<String> MERGES = List.of("h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "l d",
            "Ġwor ld", "1 2");
    public static final List<String> TOKENS = tokens();

    private TinyVocabulary() {
    }

    private static List<String> tokens() {
        List<String> tokens = new ArrayList<>(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"));
        tokens.addAll(byteSymbols());
        for (String merge : MERGES) {
            tokens.add(merge.replace(" ", ""));
        }
        return Collections.unmodifiableList(tokens);
    }

    /** GPT-2's printable stand-ins for the 256 byte values (bytes_to_unicode), by byte value. */
    static List<String> byteSymbols() {
        List<Integer> printable = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            printable.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable.add(b);
        }
        List<String> symbols = new ArrayList<>();
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            int code = printable.contains(b) ? b : 256 + shifted++;
            symbols.add(new String(Character.toChars(code)));
        }
        return symbols;
    }

    public static int id(String token) {
        int id = TOKENS.indexOf(token);
        if (id < 0) {
            throw new IllegalArgumentException(token);
        }
        return id;
    }

    /** llama.cpp token types: 3 (control) for the specials, 1 (normal) for the rest. */
    public static List<Integer> tokenTypes() {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < TOKENS.size(); i++) {
            types.add(i <= IM_END ? 3 : 1);
        }
        return types;
    }

    public static JsonObject tokenizerJson() {
        return TokenizerJson.build(TOKENS, MERGES, Set.of(ENDOFTEXT, IM_START, IM_END));
    }
}
