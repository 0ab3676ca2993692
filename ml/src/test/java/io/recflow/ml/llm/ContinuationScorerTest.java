package io.recflow.ml.llm;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContinuationScorerTest {

    private static final int[] PROMPT = {5, 17, 101, 3};
    private static final int[][] CONTINUATIONS = {{40, 41, 42}, {40, 43}, {50}, {60, 61, 62, 63}, {70, 71}};

    @TempDir
    static Path dir;

    private static LlamaModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LlamaModel.load(TinyLlama.writeImported(dir, 11), Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Many continuations after a long prompt run in batches (2 rows here, the last alone): each scores as alone. */
    @Test
    void batchesOfContinuationsScoreAsEachAlone() {
        double[] batched = new ContinuationScorer(model, 2 * PROMPT.length).logProbabilities(PROMPT, CONTINUATIONS);
        double[] together = new ContinuationScorer(model).logProbabilities(PROMPT, CONTINUATIONS);
        for (int c = 0; c < CONTINUATIONS.length; c++) {
            double alone = new ContinuationScorer(model).logProbabilities(PROMPT, new int[][]{CONTINUATIONS[c]})[0];
            assertEquals(alone, batched[c], 1e-4, "continuation " + c);
            assertEquals(alone, together[c], 1e-4, "continuation " + c);
        }
    }
}
