package io.recflow.ml.encoder;

import io.recflow.ml.encoder.EncoderFixtures.LossLog;
import io.recflow.ml.split.Example;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static io.recflow.ml.encoder.EncoderFixtures.HISTORY;
import static io.recflow.ml.encoder.EncoderFixtures.ITEMS;
import static io.recflow.ml.encoder.EncoderFixtures.SPLIT;
import static io.recflow.ml.encoder.EncoderFixtures.assertBeatsPopularity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CaseQTest {

    private static final CaseQConfig CONFIG = new CaseQConfig(32, 2, 3, 2, HISTORY, 6, 64, 3e-3, 5, 0.5, 5);
    private static final LossLog LOG = new LossLog(CaseQ.KIND);

    private static CaseQ model;

    @BeforeAll
    static void train() {
        model = CaseQ.train(SPLIT.train(), ITEMS, CONFIG, LOG);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void gatesAndLeafPosteriorsAreDistributions() {
        int[][] histories = Example.histories(SPLIT.test(HISTORY).subList(0, 20));
        CaseQ.Contexts contexts = model.contexts(histories);
        assertEquals(2, contexts.gates().length);
        assertEquals(9, CONFIG.leafContexts());
        for (int h = 0; h < histories.length; h++) {
            for (float[][] level : contexts.gates()) {
                assertEquals(3, level[h].length);
                assertEquals(1, sum(level[h]), 1e-5);
            }
            assertEquals(9, contexts.leaves()[h].length);
            assertEquals(1, sum(contexts.leaves()[h]), 1e-5);
            // Leaf (c1, c2) is reached by context c1 at the first level, then c2 at the second.
            assertEquals(contexts.gates()[0][h][2] * contexts.gates()[1][h][1], contexts.leaves()[h][2 * 3 + 1], 1e-6);
        }
    }

    @Test
    void lossStartsAtUniformAndDecreases() {
        // At the start every posterior is also near the prior, so the KL term adds almost nothing.
        LOG.assertStartsUniformAndDecreases(CONFIG.epochs());
    }

    @Test
    void beatsPopularityOnHeldOutLastItems() {
        assertBeatsPopularity(model);
    }

    @Test
    void sameSeedSameLossCurveOtherSeedDifferentCurve() {
        CaseQConfig quick = new CaseQConfig(16, 2, 3, 2, 10, 1, 64, 3e-3, 8, 0.5, 5);
        List<Double> first = lossCurve(quick);
        assertEquals(first, lossCurve(quick));
        assertNotEquals(first, lossCurve(new CaseQConfig(16, 2, 3, 2, 10, 1, 64, 3e-3, 9, 0.5, 5)));
    }

    @Test
    void saveAndLoadGiveIdenticalOutputs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(bytes);
        int[][] histories = Example.histories(SPLIT.test(HISTORY).subList(0, 50));
        try (SequenceEncoder loaded = SequenceEncoders.load(new ByteArrayInputStream(bytes.toByteArray()))) {
            CaseQ caseq = assertInstanceOf(CaseQ.class, loaded);
            assertEquals(CONFIG, caseq.config());
            assertEquals(ITEMS, caseq.itemCount());
            assertArrayEquals(model.represent(histories), caseq.represent(histories));
            assertArrayEquals(model.itemEmbeddings(), caseq.itemEmbeddings());
            assertArrayEquals(model.contexts(histories).leaves(), caseq.contexts(histories).leaves());
            assertEquals(model.recommend(histories, 10), caseq.recommend(histories, 10));
        }
    }

    private static List<Double> lossCurve(CaseQConfig config) {
        return EncoderFixtures.lossCurve((train, listener) -> CaseQ.train(train, ITEMS, config, listener));
    }

    private static double sum(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum;
    }
}
