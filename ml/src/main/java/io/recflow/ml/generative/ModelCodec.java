package io.recflow.ml.generative;

import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.NamedTensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link GenerativeModel}: everything needed to rebuild it without other
 * artifacts (configs, the item codes, every parameter), versioned so a format change fails clearly.
 */
final class ModelCodec {

    private static final int MAGIC = 0x5246474D; // "RFGM"
    private static final int VERSION = 1;

    private ModelCodec() {
    }

    /** @param adapter null for a backbone that was never fine-tuned */
    record Contents(BackboneConfig config, ItemCodes codes, AdapterConfig adapter, List<NamedTensor> parameters) {
    }

    static void write(OutputStream stream, Contents contents) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        BackboneConfig c = contents.config();
        out.writeInt(c.hidden());
        out.writeInt(c.layers());
        out.writeInt(c.heads());
        out.writeInt(c.historyLength());
        out.writeInt(c.ffnMultiplier());
        writeCodes(out, contents.codes());
        AdapterConfig a = contents.adapter();
        out.writeBoolean(a != null);
        if (a != null) {
            a.write(out);
        }
        NamedTensor.writeAll(out, contents.parameters());
        out.flush();
    }

    static Contents read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a recflow generative model");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported generative model format version " + version);
        }
        BackboneConfig config = new BackboneConfig(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
        ItemCodes codes = readCodes(in);
        AdapterConfig adapter = in.readBoolean() ? AdapterConfig.read(in) : null;
        return new Contents(config, codes, adapter, NamedTensor.readAll(in));
    }

    private static void writeCodes(DataOutputStream out, ItemCodes codes) throws IOException {
        out.writeInt(codes.levels());
        for (int l = 0; l < codes.levels(); l++) {
            out.writeInt(codes.levelSizes()[l]);
            out.writeUTF(codes.levelNames().get(l));
        }
        out.writeInt(codes.itemCount());
        for (int[] tuple : codes.codes()) {
            for (int code : tuple) {
                out.writeInt(code);
            }
        }
    }

    private static ItemCodes readCodes(DataInputStream in) throws IOException {
        int levels = in.readInt();
        int[] sizes = new int[levels];
        List<String> names = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++) {
            sizes[l] = in.readInt();
            names.add(in.readUTF());
        }
        int[][] tuples = new int[in.readInt()][levels];
        for (int[] tuple : tuples) {
            for (int l = 0; l < levels; l++) {
                tuple[l] = in.readInt();
            }
        }
        return new ItemCodes(tuples, sizes, names);
    }
}
