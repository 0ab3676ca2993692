package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import io.recflow.ml.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceEncodersTest {

    private static final int ITEMS = 60;
    private static final List<UserSequence> TRAIN =
            SyntheticDataset.generate(new SyntheticConfig(ITEMS, 100, 5, 15, 4)).dataset().sequences();
    private static final EncoderSettings QUICK = new EncoderSettings(16, 10, 1, 64, 3e-3, 1);

    @Test
    void settingsOutOfRangeAreRefusedWithTheValuesGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EncoderSettings(0, 50, 1, 128, 1e-3, 7));
        assertTrue(e.getMessage().endsWith("were 0, 50, 128 and 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CaseQConfig(64, 2, 0, 2, 50, 1, 128, 1e-3, 7, 0.1, 8));
        assertTrue(e.getMessage().endsWith("were 2, 0, 2 and 8"), e.getMessage());
    }

    @Test
    void trainsTheEncoderItIsAskedForAndLoadsItBackByItsTypeTag() throws IOException {
        int[][] histories = {{1, 2, 3}, {}, {59}};
        for (String kind : SequenceEncoders.KINDS) {
            try (SequenceEncoder encoder = SequenceEncoders.train(kind, TRAIN, ITEMS, QUICK, ProgressListener.NO_OP)) {
                assertEquals(kind, encoder.kind());
                assertEquals(16, encoder.dimension());
                byte[] saved = save(encoder);
                try (SequenceEncoder loaded = SequenceEncoders.load(new ByteArrayInputStream(saved))) {
                    assertEquals(encoder.getClass(), loaded.getClass());
                    assertArrayEquals(encoder.represent(histories), loaded.represent(histories));
                }
            }
        }
    }

    @Test
    void theTypedLoadersRefuseTheOtherKind() throws IOException {
        byte[] caseq;
        try (SequenceEncoder encoder = SequenceEncoders.train(CaseQ.KIND, TRAIN, ITEMS, QUICK, ProgressListener.NO_OP)) {
            assertInstanceOf(CaseQ.class, encoder);
            caseq = save(encoder);
        }
        IOException wrongKind = assertThrows(IOException.class, () -> SasRec.load(new ByteArrayInputStream(caseq)));
        assertTrue(wrongKind.getMessage().contains("expected a sasrec encoder"), wrongKind.getMessage());
        assertThrows(IOException.class, () -> SequenceEncoders.load(new ByteArrayInputStream(new byte[] {1, 2, 3, 4})));
    }

    @Test
    void rejectsAnUnknownKind() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceEncoders.train("gru4rec", TRAIN, ITEMS, QUICK, ProgressListener.NO_OP));
        assertTrue(e.getMessage().contains("sasrec"), e.getMessage());
    }

    private static byte[] save(SequenceEncoder encoder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        encoder.save(bytes);
        return bytes.toByteArray();
    }
}
