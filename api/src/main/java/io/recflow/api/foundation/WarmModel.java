package io.recflow.api.foundation;

import ai.djl.Device;
import io.recflow.api.problem.ProblemException;
import io.recflow.ml.llm.ImportedModel;
import io.recflow.ml.llm.LlamaGenerator;
import io.recflow.ml.llm.LlamaModel;
import io.recflow.ml.llm.LlmTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A foundation model loaded for the playground: weights and tokenizer in memory. One generation at a
 * time (they would only compete for the same cores), and closing waits for the one in progress.
 */
final class WarmModel implements AutoCloseable {

    /**
     * The longest prompt the playground reads, in tokens: its first pass holds every layer's (heads, tokens,
     * tokens) attention scores at once, about 3.4 GB for SmolLM2-135M at 1,024 tokens and 16 times that at 4,096
     * (a prompt of 8,000 digits, one token each, would ask for some 200 GB and kill the process). 512 is what
     * fine-tuning and serving read.
     */
    static final int MAX_PROMPT_TOKENS = 512;

    private final String name;
    private final LlamaModel model;
    private final LlmTokenizer tokenizer;
    private final LlamaGenerator generator;
    private boolean closed;

    private WarmModel(String name, LlamaModel model, LlmTokenizer tokenizer) {
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.generator = new LlamaGenerator(model);
    }

    /** Loads an imported-model directory; the directory may be deleted afterwards. */
    static WarmModel load(String name, Path directory) throws IOException {
        LlamaModel model = LlamaModel.load(directory, Device.cpu());
        try {
            return new WarmModel(name, model, LlmTokenizer.load(directory.resolve(ImportedModel.TOKENIZER)));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The greedy continuation of exactly {@code maxTokens} tokens (an end-of-text token does not stop
     * it: the playground shows what the model does next); empty when the model was closed meanwhile.
     */
    synchronized Optional<Generation> generate(String prompt, int maxTokens) {
        if (closed) {
            return Optional.empty();
        }
        int[] ids = tokenizer.encode(prompt);
        if (ids.length > MAX_PROMPT_TOKENS) {
            throw ProblemException.badRequest("the prompt is " + ids.length + " tokens; the playground takes at most "
                    + MAX_PROMPT_TOKENS);
        }
        int room = model.config().maxPositions();
        if (ids.length + maxTokens > room) {
            throw ProblemException.badRequest("the prompt (" + ids.length + " tokens) and maxTokens (" + maxTokens
                    + ") exceed " + name + "'s context of " + room + " tokens");
        }
        long started = System.nanoTime();
        int[] tokens = generator.greedy(new int[][]{ids}, maxTokens, LlamaGenerator.NO_EOS, true)[0];
        return Optional.of(new Generation(name, prompt, tokenizer.decode(tokens), tokens, ids.length,
                (System.nanoTime() - started) / 1_000_000));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            tokenizer.close();
            model.close();
        }
    }
}
