package io.recflow.api.foundation;

/** A playground request: the prompt to continue and how many tokens to add (default 20). */
public record GenerateRequest(String prompt, Integer maxTokens) {
}
