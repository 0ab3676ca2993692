package io.recflow.ml.llm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a pass over prompts reads besides their token ids: input embeddings replacing some prompt
 * tokens (LLaRA's item placeholders) and the adapters' expert gate, one row per prompt. Made on
 * demand in the pass's manager, because arrays must live where the pass runs.
 */
public interface Conditioning {

    /** Plain prompts: no overrides, no gate. */
    Conditioning NONE = new Conditioning() {
        @Override
        public EmbeddingOverrides overrides(NDManager manager, TokenBatch prompts) {
            return null;
        }

        @Override
        public NDArray gate(NDManager manager) {
            return null;
        }
    };

    /**
     * The overrides for {@code prompts}, one row per prompt in order, each row's real tokens
     * starting with the prompt (possibly followed by generated tokens); null for none.
     */
    EmbeddingOverrides overrides(NDManager manager, TokenBatch prompts);

    /** The adapters' mixture per prompt (ExpertGate#mixture), or null when the adapters are ungated. */
    NDArray gate(NDManager manager);
}
