package io.recflow.ml.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import io.recflow.ml.lora.AdaptedLinear;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.nn.AttentionMasks;
import io.recflow.ml.nn.KeyValues;
import io.recflow.ml.train.Dropout;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.ParameterStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A pretrained Llama decoder (SmolLM2 and its kin) loaded from an imported-model directory: token
 * embedding, RMSNorm pre-norm layers of grouped-query attention with rotary positions and a SwiGLU
 * MLP, a final RMSNorm and an output head (the embedding itself when tied).
 *
 * <p>The base is frozen once loaded. Every projection is an {@link AdaptedLinear} named as in
 * Hugging Face ({@code model.layers.3.self_attn.q_proj}), so {@link #attach} can give them
 * (MoE-)LoRA adapters driven by a per-row expert gate without touching this code.
 *
 * <p>One forward pass serves prompts, decoding steps and continuations: new tokens
 * ({@link TokenBatch}) attend causally to themselves and to an optional {@link KvCache} of earlier
 * tokens, skipping pads; a token's position is the number of real tokens before it in its row.
 * The parameters live in the model's manager (on the device it was loaded to); a pass's arrays live
 * in the caller's.
 */
public final class LlamaModel implements AutoCloseable {

    private final LlamaConfig config;
    private final NDManager manager;
    private final ParameterStore store;
    private final Parameter embedding;
    private final Parameter head;
    private final List<LlamaLayer> layers;
    private final RmsNorm finalNorm;
    private final RotaryEmbedding rotary;

    private LlamaModel(LlamaConfig config, NDManager manager, ParameterStore store, Parameter embedding,
                       Parameter head, List<LlamaLayer> layers, RmsNorm finalNorm) {
        this.config = config;
        this.manager = manager;
        this.store = store;
        this.embedding = embedding;
        this.head = head;
        this.layers = layers;
        this.finalNorm = finalNorm;
        this.rotary = new RotaryEmbedding(config.headSize(), config.ropeTheta());
    }

    /** Loads {@code config.json} and {@code model.safetensors} from an imported-model directory onto {@code device}. */
    public static LlamaModel load(Path directory, Device device) throws IOException {
        LlamaConfig config = LlamaConfig.read(directory.resolve(ImportedModel.CONFIG));
        NDManager manager = NDManager.newBaseManager(device);
        try (SafetensorsReader weights = SafetensorsReader.open(directory.resolve(ImportedModel.WEIGHTS))) {
            Loader loader = new Loader(weights, new ParameterStore(manager), config);
            int d = config.hiddenSize();
            int kv = config.kvHeads() * config.headSize();
            int ffn = config.intermediateSize();
            Parameter embedding = loader.tensor(ImportedModel.EMBEDDING, config.vocabSize(), d);
            List<LlamaLayer> layers = new ArrayList<>(config.layers());
            for (int i = 0; i < config.layers(); i++) {
                String p = ImportedModel.layer(i);
                LlamaAttention attention = new LlamaAttention(config,
                        loader.linear(p + ".self_attn.q_proj", d, d), loader.linear(p + ".self_attn.k_proj", d, kv),
                        loader.linear(p + ".self_attn.v_proj", d, kv), loader.linear(p + ".self_attn.o_proj", d, d));
                LlamaMlp mlp = new LlamaMlp(loader.linear(p + ".mlp.gate_proj", d, ffn),
                        loader.linear(p + ".mlp.up_proj", d, ffn), loader.linear(p + ".mlp.down_proj", ffn, d));
                layers.add(new LlamaLayer(loader.norm(p + ".input_layernorm.weight"), attention,
                        loader.norm(p + ".post_attention_layernorm.weight"), mlp));
            }
            RmsNorm finalNorm = loader.norm(ImportedModel.FINAL_NORM);
            Parameter head = config.tieWordEmbeddings() ? embedding
                    : loader.tensor(ImportedModel.OUTPUT_HEAD, config.vocabSize(), d);
            loader.store.setAllTrainable(false);
            return new LlamaModel(config, manager, loader.store, embedding, head, layers, finalNorm);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Reads named tensors into the store, checking each against the shape the config implies. */
    private record Loader(SafetensorsReader weights, ParameterStore store, LlamaConfig config) {

        Parameter tensor(String name, long... shape) throws IOException {
            return store.add(name, new Shape(shape), values(name, shape));
        }

        /** A bias-free projection owning {@code name.weight}, (out, in). */
        AdaptedLinear linear(String name, int in, int out) throws IOException {
            return new AdaptedLinear(store, name, in, out, values(name + ".weight", out, in), null);
        }

        private float[] values(String name, long... shape) throws IOException {
            long[] stored = weights.shape(name);
            if (!Arrays.equals(stored, shape)) {
                throw new IOException("tensor '" + name + "' has shape " + Arrays.toString(stored)
                        + ", the config needs " + Arrays.toString(shape));
            }
            return weights.read(name);
        }

        RmsNorm norm(String name) throws IOException {
            return new RmsNorm(tensor(name, config.hiddenSize()), config.rmsNormEps());
        }
    }

    public LlamaConfig config() {
        return config;
    }

    /** Every parameter: the frozen base and, once attached, the adapters. */
    public ParameterStore parameters() {
        return store;
    }

    public NDManager manager() {
        return manager;
    }

    /** Gives every projection of every layer a low-rank adapter (trainable; the base stays frozen). */
    public void attach(AdapterConfig adapter, Random random) {
        layers.forEach(l -> l.attach(adapter, random));
    }

    /** Final hidden states (rows, tokens, hidden) of the new tokens, and the cache extended by them. */
    public record Output(NDArray hidden, KvCache cache) {
    }

    /**
     * @param manager   where the pass's arrays live (its device must be the model's)
     * @param batch     the new tokens
     * @param past      earlier tokens of the same rows, or null
     * @param overrides input embeddings replacing token embeddings at some cells, or null
     * @param gate      the adapters' mixture (rows, 1, rank) from ExpertGate#mixture, or null
     */
    public Output forward(NDManager manager, TokenBatch batch, KvCache past, EmbeddingOverrides overrides,
                          NDArray gate) {
        return forward(manager, batch, past, overrides, gate, null);
    }

    /** As {@link #forward(NDManager, TokenBatch, KvCache, EmbeddingOverrides, NDArray)}, for training with the adapters' dropout. */
    public Output forward(NDManager manager, TokenBatch batch, KvCache past, EmbeddingOverrides overrides,
                          NDArray gate, Dropout dropout) {
        int rows = batch.rows();
        int tokens = batch.length();
        int pastLength = past == null ? 0 : past.length();
        if (past != null && past.rows() != rows) {
            throw new IllegalArgumentException("a cache of " + past.rows() + " rows for a batch of " + rows);
        }
        int keys = pastLength + tokens;
        boolean[] valid = new boolean[rows * keys];
        int[] counts = new int[rows];
        long[] positions = new long[rows * tokens];
        for (int r = 0; r < rows; r++) {
            if (past != null) {
                System.arraycopy(past.valid(), r * pastLength, valid, r * keys, pastLength);
                counts[r] = past.counts()[r];
            }
            for (int t = 0; t < tokens; t++) {
                boolean real = batch.valid()[r * tokens + t];
                valid[r * keys + pastLength + t] = real;
                positions[r * tokens + t] = counts[r];
                if (real) {
                    counts[r]++;
                }
            }
        }
        NDArray x = embed(manager, batch, overrides);
        RotaryEmbedding.Angles angles = rotary.angles(manager, positions, rows, tokens);
        NDArray bias = manager.create(attentionBias(rows, tokens, pastLength, valid), new Shape(rows, 1, 1, tokens, keys));
        List<KeyValues> cache = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            LlamaAttention.Result r = layers.get(i).forward(x, angles, bias,
                    past == null ? null : past.layers().get(i), gate, dropout);
            x = r.output();
            cache.add(r.keyValues());
        }
        return new Output(finalNorm.forward(x), new KvCache(cache, rows, keys, valid, counts));
    }

    /** Query t (at key index past + t) sees key k when k is a real token and k &lt;= past + t. */
    private static float[] attentionBias(int rows, int tokens, int pastLength, boolean[] valid) {
        int keys = pastLength + tokens;
        float[] bias = new float[rows * tokens * keys];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < tokens; t++) {
                for (int k = 0; k < keys; k++) {
                    if (!valid[r * keys + k] || k > pastLength + t) {
                        bias[(r * tokens + t) * keys + k] = AttentionMasks.MASKED;
                    }
                }
            }
        }
        return bias;
    }

    private NDArray embed(NDManager manager, TokenBatch batch, EmbeddingOverrides overrides) {
        NDArray ids = manager.create(batch.ids(), new Shape(batch.rows(), batch.length()));
        NDArray x = ids.getNDArrayInternal().embedding(ids, embedding.array(), SparseFormat.DENSE).singletonOrThrow();
        if (overrides == null) {
            return x;
        }
        // keep * x + scatter @ values: a differentiable write of the overrides into their cells.
        int cells = batch.rows() * batch.length();
        int n = overrides.rows().length;
        float[] keep = new float[cells];
        Arrays.fill(keep, 1f);
        float[] scatter = new float[cells * n];
        for (int j = 0; j < n; j++) {
            int cell = overrides.rows()[j] * batch.length() + overrides.columns()[j];
            keep[cell] = 0f;
            scatter[cell * n + j] = 1f;
        }
        Shape shape = x.getShape();
        NDArray placed = manager.create(scatter, new Shape(cells, n)).matMul(overrides.values()).reshape(shape);
        return x.mul(manager.create(keep, new Shape(batch.rows(), batch.length(), 1))).add(placed);
    }

    /** Unnormalised next-token scores (..., vocab) from final hidden states (..., hidden). */
    public NDArray logits(NDArray hidden) {
        return hidden.getNDArrayInternal().linear(hidden, head.array(), null).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
