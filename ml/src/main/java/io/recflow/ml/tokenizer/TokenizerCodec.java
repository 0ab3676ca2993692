package io.recflow.ml.tokenizer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary persistence of {@link ItemCodes}: magic, format version, level names and sizes, then the
 * codes row by row (big-endian ints). Reading validates everything through {@link ItemCodes}.
 */
public final class TokenizerCodec {

    private static final int MAGIC = 0x52464943; // "RFIC"
    private static final int FORMAT_VERSION = 1;

    private TokenizerCodec() {
    }

    public static void write(ItemCodes codes, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeInt(codes.levels());
        for (int l = 0; l < codes.levels(); l++) {
            out.writeUTF(codes.levelNames().get(l));
            out.writeInt(codes.levelSizes()[l]);
        }
        out.writeInt(codes.itemCount());
        for (int[] tuple : codes.codes()) {
            for (int code : tuple) {
                out.writeInt(code);
            }
        }
        out.flush();
    }

    public static ItemCodes read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new IOException("not an item-codes file (bad magic number)");
        }
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException("item-codes format version " + version + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        int levels = in.readInt();
        List<String> names = new ArrayList<>(levels);
        int[] sizes = new int[levels];
        for (int l = 0; l < levels; l++) {
            names.add(in.readUTF());
            sizes[l] = in.readInt();
        }
        int items = in.readInt();
        int[][] codes = new int[items][levels];
        for (int[] tuple : codes) {
            for (int l = 0; l < levels; l++) {
                tuple[l] = in.readInt();
            }
        }
        try {
            return new ItemCodes(codes, sizes, names);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt item-codes file: " + e.getMessage(), e);
        }
    }
}
