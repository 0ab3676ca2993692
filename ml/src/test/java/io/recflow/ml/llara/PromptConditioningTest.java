package io.recflow.ml.llara;

import ai.djl.ndarray.NDManager;
import io.recflow.ml.llm.TokenBatch;
import io.recflow.ml.train.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PromptConditioningTest {

    /** An open prompt whose whole history was dropped to fit has no placeholder: nothing to override, no error. */
    @Test
    void aHybridPromptWithoutPlaceholdersOverridesNothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ItemProjector projector = new ItemProjector(new ParameterStore(manager), 4, 8, 0f, new Random(1));
            float[][] items = {{1, 2, 3, 4}, {5, 6, 7, 8}};
            LlaraPrompt bare = new LlaraPrompt(new int[]{7, 8, 9}, new int[0], new int[0], 2);
            TokenBatch batch = TokenBatch.leftPadded(new int[][]{bare.ids()});
            assertNull(new PromptConditioning(List.of(bare), items, projector, null, null).overrides(manager, batch));

            LlaraPrompt placed = new LlaraPrompt(new int[]{7, PromptBuilder.PLACEHOLDER_ID, 9}, new int[]{1},
                    new int[]{1}, 0);
            assertNotNull(new PromptConditioning(List.of(placed), items, projector, null, null).overrides(manager,
                    TokenBatch.leftPadded(new int[][]{placed.ids()})));
        }
    }
}
