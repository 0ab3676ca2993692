package io.recflow.ml.encoder;

import io.recflow.ml.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RepresentationsTest {

    @Test
    void manyHistoriesAreEncodedInChunksThatEachReportWork() {
        int[][] histories = new int[2 * Representations.CHUNK + 5][];
        for (int h = 0; h < histories.length; h++) {
            histories[h] = new int[]{h};
        }
        AtomicInteger reports = new AtomicInteger();
        ProgressListener work = new ProgressListener() {
            @Override
            public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
            }

            @Override
            public void onWork() {
                reports.incrementAndGet();
            }
        };
        float[][] vectors = Representations.inChunks(batch -> {
            float[][] out = new float[batch.length][];
            for (int b = 0; b < batch.length; b++) {
                out[b] = new float[]{batch[b][0], -batch[b][0]};
            }
            return out;
        }, histories, 2, "representation", work);

        assertEquals(histories.length, vectors.length);
        assertEquals(2 * Representations.CHUNK + 4, vectors[histories.length - 1][0]);
        assertEquals(3, reports.get(), "one report a chunk");
    }

    @Test
    void anEncoderThatGivesTheWrongCountOrWidthIsNamed() {
        int[][] histories = {{1}, {2}};
        assertEquals("the encoder gave 1 gate inputs for 2 histories", assertThrows(IllegalArgumentException.class,
                () -> Representations.inChunks(b -> new float[1][4], histories, 4, "gate input",
                        ProgressListener.NO_OP)).getMessage());
        assertEquals("a gate input has 3 values where 4 are expected", assertThrows(IllegalArgumentException.class,
                () -> Representations.inChunks(b -> new float[2][3], histories, 4, "gate input",
                        ProgressListener.NO_OP)).getMessage());
    }
}
