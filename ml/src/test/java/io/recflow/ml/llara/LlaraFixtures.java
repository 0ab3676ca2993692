package io.recflow.ml.llara;

import ai.djl.Device;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llm.ImportedModel;
import io.recflow.ml.llm.LlamaConfig;
import io.recflow.ml.llm.TinyLlama;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The tiny random Llama (with a longer context, so that prompts of a few candidates fit), a small
 * catalogue whose titles the byte-level tokenizer splits oddly (accents, Greek, digits, punctuation),
 * a tiny stand-in for the sequence encoder and a handful of training examples.
 */
final class LlaraFixtures {

    static final int CONTEXT = 512;
    static final int ENCODER_DIM = 8;
    static final PromptTemplate TEMPLATE = new PromptTemplate("Seen " + PromptTemplate.HISTORY + ". Pick from "
            + PromptTemplate.CANDIDATES + ". Answer:");
    static final List<String> TITLES = List.of("Amélie (2001)", "Ω-3", "Zoë 12", "hello world", "Heat", "Up",
            "Café 9", "Ran", "Élan 1984", "Ikiru", "M", "Alien 3", "Ñandú", "Jaws 2", "Big", "Ran 2");
    static final ItemCatalog CATALOG = catalog();

    private LlaraFixtures() {
    }

    private static ItemCatalog catalog() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < TITLES.size(); i++) {
            items.add(new Item(i, "i" + i, List.of(), TITLES.get(i), ""));
        }
        return new ItemCatalog(items);
    }

    /** The tiny Llama of {@code seed} as an imported directory whose config allows {@value #CONTEXT} positions. */
    static Path base(Path dir, long seed) throws IOException {
        TinyLlama.writeImported(dir, seed);
        LlamaConfig c = TinyLlama.CONFIG;
        LlamaConfig longer = new LlamaConfig(c.hiddenSize(), c.intermediateSize(), c.layers(), c.heads(), c.kvHeads(),
                c.rmsNormEps(), c.ropeTheta(), CONTEXT, c.vocabSize(), c.tieWordEmbeddings(), c.bosTokenId(),
                c.eosTokenId());
        ImportedModel.writeJson(dir.resolve(ImportedModel.CONFIG), longer.toJson());
        return dir;
    }

    /** The base in {@code dir} (see {@link #base}), not fine-tuned, with prompts of at most 400 tokens. */
    static LlmRecommender open(Path dir) throws IOException {
        return LlmRecommender.open(dir, "tiny-7", TEMPLATE, 400, CATALOG, Device.cpu());
    }

    /** The base in {@code dir} fine-tuned on {@link #examples} with {@code adapter}. */
    static LlmRecommender fineTuned(Path dir, AdapterConfig adapter, int epochs) throws IOException {
        LlmRecommender model = open(dir);
        model.fineTune(examples(), adapter, signals(), training(epochs, 1000), null, TrainingHooks.NONE);
        return model;
    }

    /** A stand-in encoder: random item embeddings; a history's representation is the mean of its last three. */
    static CollaborativeSignals signals() {
        Random random = new Random(5);
        float[][] embeddings = new float[TITLES.size()][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = Initialization.normal(random, ENCODER_DIM, 1);
        }
        return new CollaborativeSignals(embeddings, histories -> Arrays.stream(histories).map(h -> {
            float[] mean = new float[ENCODER_DIM];
            int from = Math.max(0, h.length - 3);
            for (int t = from; t < h.length; t++) {
                for (int d = 0; d < ENCODER_DIM; d++) {
                    mean[d] += embeddings[h[t]][d] / (h.length - from);
                }
            }
            return mean;
        }).toArray(float[][]::new));
    }

    static List<Example> examples() {
        Random random = new Random(3);
        List<Example> examples = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            int[] history = random.ints(2 + u % 3, 0, TITLES.size()).toArray();
            examples.add(new Example("u" + u, history, (history[history.length - 1] + 1) % TITLES.size()));
        }
        return examples;
    }

    static AdapterConfig moeLora() {
        return new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, ENCODER_DIM, 0.3);
    }

    static AdapterConfig lora() {
        return new AdapterConfig(AdapterConfig.Kind.LORA, 1, 8, 32, ENCODER_DIM, 0.3);
    }

    /** Batches of 4 in micro-batches of 2, 4 candidates, LLaRA's dropout and decay. */
    static LlaraTraining training(int epochs, int checkpointEvery) {
        return new LlaraTraining(new TrainConfig(epochs, 4, 1e-2, 0.05, 17, checkpointEvery), 2, 4,
                LlaraTraining.DEFAULT_LORA_DROPOUT, LlaraTraining.DEFAULT_PROJECTOR_WEIGHT_DECAY,
                LlaraTraining.DEFAULT_FINAL_RATE_FRACTION);
    }
}
