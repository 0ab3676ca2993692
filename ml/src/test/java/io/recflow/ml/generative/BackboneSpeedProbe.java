package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.tokenizer.ItemCodes;
import io.recflow.ml.train.StepTimer;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The generative backbone's training speed for bench/speed.sh (test scope): milliseconds per step of
 * pre-training (every parameter, every position), of MoE-LoRA fine-tuning (4 experts sharing rank 8,
 * gated by a 64-wide representation, the base frozen, the target's tokens only) and of plain LoRA
 * (rank 8), on the shapes of the speed pipeline (bench/speed/ilora-movielens.json): MovieLens' 1,682
 * items as 5 codes each (four levels of 64 and a disambiguation level of 5), the default backbone
 * (d 64, 2 layers, 2 heads, a 4x feed-forward layer), histories of 10 items, batches of 128.
 * Synthetic codes and histories: speed only. bench/reference/backbone.py trains the same network on the
 * same shapes in PyTorch. Prints one JSON line per phase.
 *
 * <pre>BackboneSpeedProbe [steps 30]</pre>
 */
public final class BackboneSpeedProbe {

    private static final int ITEMS = 1682;
    private static final int[] LEVEL_SIZES = {64, 64, 64, 64, 5};
    private static final int HISTORY = 10;
    private static final int BATCH = 128;
    private static final int GATE_INPUT = 64;

    private BackboneSpeedProbe() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ItemCodes codes = codes(new Random(1));
        List<Example> examples = TrainingExamples.everyPrefix(users(new Random(2), (steps + StepTimer.WARM_UP_STEPS) * BATCH), HISTORY)
                .subList(0, (steps + StepTimer.WARM_UP_STEPS) * BATCH);
        TrainConfig train = new TrainConfig(1, BATCH, 1e-3, 0.05, 7, Integer.MAX_VALUE);
        BackboneConfig config = new BackboneConfig(64, 2, 2, HISTORY, 4);
        StepTimer timer = new StepTimer();
        TrainingHooks hooks = new TrainingHooks(timer, null);

        try (GenerativeModel model = GenerativeModel.create(codes, config, 42, Device.cpu())) {
            timer.start();
            model.pretrain(examples, train, null, hooks);
            print("pretrain", config, timer.medianStepMs(StepTimer.WARM_UP_STEPS, steps), steps);
        }
        Random representations = new Random(3);
        Function<int[][], float[][]> gateInputs = histories -> {
            float[][] rows = new float[histories.length][GATE_INPUT];
            for (float[] row : rows) {
                for (int i = 0; i < GATE_INPUT; i++) {
                    row[i] = (float) representations.nextGaussian();
                }
            }
            return rows;
        };
        for (AdapterConfig adapter : List.of(AdapterConfig.moeLora(), AdapterConfig.lora())) {
            try (GenerativeModel model = GenerativeModel.create(codes, config, 42, Device.cpu())) {
                timer.start();
                model.fineTune(examples, adapter, gateInputs, train, null, hooks);
                print(adapter.kind().specName(), config, timer.medianStepMs(StepTimer.WARM_UP_STEPS, steps), steps);
            }
        }
    }

    /** Four levels of uniformly drawn codes, then the item's index mod 5 as its disambiguation code. */
    private static ItemCodes codes(Random random) {
        int[][] codes = new int[ITEMS][LEVEL_SIZES.length];
        for (int i = 0; i < ITEMS; i++) {
            for (int l = 0; l < LEVEL_SIZES.length - 1; l++) {
                codes[i][l] = random.nextInt(LEVEL_SIZES[l]);
            }
            codes[i][LEVEL_SIZES.length - 1] = i % LEVEL_SIZES[LEVEL_SIZES.length - 1];
        }
        return new ItemCodes(codes, LEVEL_SIZES, List.of("category", "title", "description", "collaborative",
                "disambiguation"));
    }

    /** Users of 21 uniformly drawn items: 20 examples each, all but the first 9 with a full history. */
    private static List<UserSequence> users(Random random, int examples) {
        List<UserSequence> users = new ArrayList<>();
        for (int u = 0; u * 20 < examples; u++) {
            int[] items = random.ints(21, 0, ITEMS).toArray();
            long[] times = new long[items.length];
            Arrays.setAll(times, i -> i);
            users.add(new UserSequence("u" + u, items, times));
        }
        return users;
    }

    private static void print(String phase, BackboneConfig config, double medianStepMs, int steps) {
        System.out.printf("{\"phase\": \"%s\", \"items\": %d, \"levelSizes\": [%s], \"history\": %d, \"batch\": %d,"
                        + " \"hidden\": %d, \"layers\": %d, \"steps\": %d, \"medianStepMs\": %.1f}%n", phase, ITEMS,
                Arrays.stream(LEVEL_SIZES).mapToObj(Integer::toString).collect(Collectors.joining(", ")), HISTORY,
                BATCH, config.hidden(), config.layers(), steps, medianStepMs);
    }
}
