package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Small deterministic catalogues and sequences with a learnable pattern. */
final class Fixtures {

    static final int GATE_DIM = 8;

    private Fixtures() {
    }

    /**
     * A model of {@code config} pre-trained on {@code examples} for {@code epochs}, then fine-tuned with MoE-LoRA as
     * long (gate inputs: {@link #representations}).
     */
    static GenerativeModel trainedMoeLora(ItemCodes codes, BackboneConfig config, List<Example> examples, int epochs) {
        GenerativeModel model = GenerativeModel.create(codes, config, 1, Device.cpu());
        TrainConfig train = new TrainConfig(epochs, 16, 3e-3, 0.05, 7, 1000);
        model.pretrain(examples, train, null, TrainingHooks.NONE);
        model.fineTune(examples, GenerativeModelTest.moeLora(), Fixtures::representations, train, null,
                TrainingHooks.NONE);
        return model;
    }

    /** Hooks that keep every checkpoint's bytes in {@code into} and stop the run (the worker dies) at the {@code stopAt}-th. */
    static TrainingHooks dyingAtCheckpoint(List<byte[]> into, int stopAt) {
        return new TrainingHooks(null, (TrainingState state) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                state.writeTo(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            into.add(bytes.toByteArray());
            if (into.size() == stopAt) {
                throw new IllegalStateException("worker lost");
            }
        });
    }

    /** A tiny backbone: d=32, 2 layers, 2 heads, 4 history items. */
    static BackboneConfig backbone() {
        return new BackboneConfig(32, 2, 2, 4, 2);
    }

    /** Random codes over levels of 4 and 4 codes, then a disambiguation level making every tuple unique. */
    static ItemCodes codes(int items, long seed) {
        Random random = new Random(seed);
        int[][] codes = new int[items][3];
        int[][] seen = new int[4][4];
        int widest = 1;
        for (int i = 0; i < items; i++) {
            int a = random.nextInt(4);
            int b = random.nextInt(4);
            codes[i] = new int[] {a, b, seen[a][b]++};
            widest = Math.max(widest, seen[a][b]);
        }
        return new ItemCodes(codes, new int[] {4, 4, widest}, List.of("category", "title", "disambiguation"));
    }

    /**
     * Item i is followed by item (i + step) mod n: for every item, histories of 1..maxHistory
     * consecutive items ending with it, and the next item as target.
     */
    static List<Example> successors(int items, int maxHistory, int step) {
        List<Example> examples = new ArrayList<>();
        for (int last = 0; last < items; last++) {
            for (int length = 1; length <= maxHistory; length++) {
                int[] history = new int[length];
                for (int j = 0; j < length; j++) {
                    history[j] = Math.floorMod(last - (length - 1 - j) * step, items);
                }
                examples.add(new Example("u" + last + "-" + length, history, (last + step) % items));
            }
        }
        return examples;
    }

    /** A stand-in for the sequence encoder: a fixed embedding of the history's last item and length. */
    static float[][] representations(int[][] histories) {
        float[][] out = new float[histories.length][GATE_DIM];
        for (int r = 0; r < histories.length; r++) {
            int[] h = histories[r];
            int last = h.length == 0 ? -1 : h[h.length - 1];
            for (int d = 0; d < GATE_DIM; d++) {
                out[r][d] = (float) Math.sin((last + 2) * (d + 1) * 0.7 + h.length);
            }
        }
        return out;
    }

    static int[][] histories(List<Example> examples) {
        return examples.stream().map(Example::history).toArray(int[][]::new);
    }

    static int[] targets(List<Example> examples) {
        return examples.stream().mapToInt(Example::target).toArray();
    }

    static float[] allValues(GenerativeModel model) {
        return model.parameters().all().stream().map(p -> p.array().toFloatArray())
                .reduce(new float[0], Fixtures::concat);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
