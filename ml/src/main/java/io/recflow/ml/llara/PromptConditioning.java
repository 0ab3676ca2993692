package io.recflow.ml.llara;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.llm.Conditioning;
import io.recflow.ml.llm.EmbeddingOverrides;
import io.recflow.ml.llm.TokenBatch;
import io.recflow.ml.lora.ExpertGate;

import java.util.Arrays;
import java.util.List;

/** A batch of built prompts' conditioning: projected item embeddings at their placeholders, and each user's gate. */
final class PromptConditioning implements Conditioning {

    private final List<LlaraPrompt> prompts;
    private final float[][] itemEmbeddings;
    private final ItemProjector projector;
    private final ExpertGate gate;
    private final float[][] representations;

    /**
     * @param projector       null for text-only prompts
     * @param gate            null when the adapters are ungated (or absent)
     * @param representations one gate input per prompt, or null without a gate
     */
    PromptConditioning(List<LlaraPrompt> prompts, float[][] itemEmbeddings, ItemProjector projector, ExpertGate gate,
                       float[][] representations) {
        this.prompts = prompts;
        this.itemEmbeddings = itemEmbeddings;
        this.projector = projector;
        this.gate = gate;
        this.representations = representations;
    }

    @Override
    public EmbeddingOverrides overrides(NDManager manager, TokenBatch batch) {
        if (projector == null) {
            return null;
        }
        int[][] positions = prompts.stream().map(LlaraPrompt::placeholderPositions).toArray(int[][]::new);
        float[][] embeddings = prompts.stream().flatMapToInt(p -> Arrays.stream(p.placeholderItems()))
                .mapToObj(item -> itemEmbeddings[item]).toArray(float[][]::new);
        if (embeddings.length == 0) { // an open prompt whose whole history was dropped to fit has no placeholder
            return null;
        }
        return EmbeddingOverrides.atPositions(batch, positions, projector.project(manager.create(embeddings)));
    }

    @Override
    public NDArray gate(NDManager manager) {
        return gate == null ? null : gate.mixture(manager.create(representations));
    }
}
