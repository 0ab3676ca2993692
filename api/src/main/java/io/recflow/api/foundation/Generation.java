package io.recflow.api.foundation;

/** A greedy continuation: its text, its token ids, how many tokens the prompt took, and how long it took. */
public record Generation(String model, String prompt, String text, int[] tokens, int promptTokens, long millis) {
}
