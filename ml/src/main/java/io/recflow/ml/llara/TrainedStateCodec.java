package io.recflow.ml.llara;

import com.google.gson.JsonParser;
import io.recflow.ml.llm.LlamaConfig;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.NamedTensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The binary form of a fine-tuned {@link LlmRecommender} without its base: the base's reference and
 * shape (checked on load), the prompt settings, the adapter config, the projector's input size and
 * the trained tensors only. Versioned so that a format change fails clearly.
 */
final class TrainedStateCodec {

    private static final int MAGIC = 0x52464C4C; // "RFLL"
    private static final int VERSION = 1;

    private TrainedStateCodec() {
    }

    record Contents(String baseReference, LlamaConfig baseConfig, PromptTemplate template, int maxPromptTokens,
                    AdapterConfig adapter, int encoderDim, List<NamedTensor> parameters) {
    }

    static void write(OutputStream stream, Contents c) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(c.baseReference());
        out.writeUTF(c.baseConfig().toJson().toString());
        out.writeUTF(c.template().text());
        out.writeInt(c.maxPromptTokens());
        c.adapter().write(out);
        out.writeInt(c.encoderDim());
        NamedTensor.writeAll(out, c.parameters());
        out.flush();
    }

    static Contents read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a recflow language-model recommender state");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported language-model recommender state version " + version);
        }
        String reference = in.readUTF();
        LlamaConfig config = LlamaConfig.fromJson(JsonParser.parseString(in.readUTF()).getAsJsonObject());
        PromptTemplate template = new PromptTemplate(in.readUTF());
        int maxPromptTokens = in.readInt();
        AdapterConfig adapter = AdapterConfig.read(in);
        int encoderDim = in.readInt();
        return new Contents(reference, config, template, maxPromptTokens, adapter, encoderDim, NamedTensor.readAll(in));
    }
}
