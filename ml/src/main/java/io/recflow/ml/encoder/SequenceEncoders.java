package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.progress.ProgressListener;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Chooses a {@link SequenceEncoder} by name: trains one, or reads back whichever kind a stream holds. */
public final class SequenceEncoders {

    /** The encoders there are, by the name a pipeline spec uses. */
    public static final List<String> KINDS = List.of(SasRec.KIND, CaseQ.KIND);

    private SequenceEncoders() {
    }

    /**
     * Trains the encoder named {@code kind} on {@code trainSequences} (dense item indexes below
     * {@code itemCount}); its own hyper-parameters keep their defaults ({@link SasRecConfig#from},
     * {@link CaseQConfig#from}).
     */
    public static SequenceEncoder train(String kind, List<UserSequence> trainSequences, int itemCount,
            EncoderSettings settings, ProgressListener listener) {
        return switch (kind) {
            case SasRec.KIND -> SasRec.train(trainSequences, itemCount, SasRecConfig.from(settings), listener);
            case CaseQ.KIND -> CaseQ.train(trainSequences, itemCount, CaseQConfig.from(settings), listener);
            default -> throw new IllegalArgumentException("unknown sequence encoder '" + kind + "'; known: " + KINDS);
        };
    }

    /** Reads an encoder {@link SequenceEncoder#save}d earlier, of whichever kind its header names. */
    public static SequenceEncoder load(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        String kind = EncoderFormat.readKind(in);
        return switch (kind) {
            case SasRec.KIND -> SasRec.readBody(in);
            case CaseQ.KIND -> CaseQ.readBody(in);
            default -> throw new IOException("unknown sequence encoder '" + kind + "' in the stream; known: " + KINDS);
        };
    }
}
