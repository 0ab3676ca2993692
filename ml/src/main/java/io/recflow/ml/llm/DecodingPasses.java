package io.recflow.ml.llm;

import ai.djl.ndarray.NDManager;

/**
 * The passes of a decoding loop, each in a manager of its own that lives until the next pass has run: then
 * only what the loop goes on with (the last pass's hidden states and the grown KV cache) is kept, and every
 * other array of the pass before is freed. A loop that ran all its passes in one manager kept every step's
 * copy of the growing cache to its end: 64 greedy steps over four prompts of ~500 tokens held more than
 * 12 GB of native memory, and a language model's evaluation was killed for it.
 */
final class DecodingPasses implements AutoCloseable {

    private final NDManager parent;
    private NDManager kept;
    private NDManager running;

    DecodingPasses(NDManager parent) {
        this.parent = parent;
    }

    /** Where the next pass's arrays go; hand its output to {@link #keep} before the next call. */
    NDManager next() {
        running = parent.newSubManager();
        return running;
    }

    /** The output of the pass begun by {@link #next}, moved into that pass's manager; the pass before is freed. */
    LlamaModel.Output keep(LlamaModel.Output output) {
        output.hidden().attach(running);
        output.cache().attach(running);
        if (kept != null) {
            kept.close();
        }
        kept = running;
        running = null;
        return output;
    }

    @Override
    public void close() {
        if (running != null) {
            running.close();
        }
        if (kept != null) {
            kept.close();
        }
    }
}
