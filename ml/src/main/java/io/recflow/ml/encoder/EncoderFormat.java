package io.recflow.ml.encoder;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The header of a saved {@link SequenceEncoder}: a magic number, a format version and the encoder's
 * kind, so that {@link SequenceEncoders#load} can rebuild the right model from the stream alone and
 * a foreign or outdated file fails with a clear message; then the common {@link EncoderSettings}.
 * The model's own config, the catalogue size and the weights follow ({@link NetworkEncoder#save}).
 */
final class EncoderFormat {

    private static final int MAGIC = 0x52465345; // "RFSE"
    private static final int VERSION = 1;

    private EncoderFormat() {
    }

    static void writeHeader(DataOutputStream out, String kind) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(kind);
    }

    /** Reads the header and returns the kind it names. */
    static String readKind(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a recflow sequence encoder (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("sequence encoder format version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        return in.readUTF();
    }

    /** Writes the settings every encoder has; a model's own config follows them. */
    static void writeSettings(DataOutputStream out, EncoderSettings settings) throws IOException {
        out.writeInt(settings.hidden());
        out.writeInt(settings.maxLength());
        out.writeInt(settings.epochs());
        out.writeInt(settings.batchSize());
        out.writeDouble(settings.learningRate());
        out.writeLong(settings.seed());
    }

    static EncoderSettings readSettings(DataInputStream in) throws IOException {
        return new EncoderSettings(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readDouble(),
                in.readLong());
    }

    /** Reads the header and fails unless it names {@code kind}. */
    static void expectKind(DataInputStream in, String kind) throws IOException {
        String found = readKind(in);
        if (!found.equals(kind)) {
            throw new IOException("expected a " + kind + " encoder, the stream holds a " + found + " encoder");
        }
    }
}
