package io.recflow.ml.llara;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Initialization;
import io.recflow.ml.train.Parameter;
import io.recflow.ml.train.TrainConfig;
import io.recflow.ml.train.TrainingHooks;
import io.recflow.ml.train.TrainingLoop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

/**
 * The {@code ilora-speed} mode of {@link io.recflow.ml.llm.LlmProbe}: fine-tuning throughput of LoRA
 * and iLoRA (4 experts) on LLaRA's hybrid MovieLens prompt (10 history items, 20 candidates, about
 * 250 tokens with the target), batches of {@value #BATCH} in one pass, every step hybrid; then the
 * cost of scoring one user both ways. Synthetic titles and a random stand-in encoder: speed only.
 */
public final class IloraSpeedProbe {

    private static final int BATCH = 4;
    private static final int STEPS = 4;
    private static final int ITEMS = 300;
    private static final int HISTORY = 10;
    private static final int ENCODER_DIM = 64;
    private static final List<String> WORDS = List.of("Silent", "River", "Night", "Return", "Golden", "City", "Last",
            "Summer", "Dark", "Star", "Lost", "Empire", "Little", "Women", "Blue", "Velvet", "Wild", "Heart",
            "Broken", "Arrow", "Red", "October", "Iron", "Giant");

    private IloraSpeedProbe() {
    }

    public static void run(Path imported) throws IOException {
        ItemCatalog catalog = catalog(new Random(1));
        CollaborativeSignals signals = signals(new Random(2));
        List<Example> examples = examples(new Random(3), BATCH * STEPS);
        double[] lora = fineTuning(imported, catalog, signals, examples,
                new AdapterConfig(AdapterConfig.Kind.LORA, 1, 8, 32, ENCODER_DIM, 0.3), "LoRA r=8");
        double[] ilora = fineTuning(imported, catalog, signals, examples,
                new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, ENCODER_DIM, 0.3), "iLoRA E=4 r=8");
        System.out.printf("iLoRA's cost over LoRA: %.2fx the step time (%+.0f%%)%n", ilora[0] / lora[0],
                100 * (ilora[0] / lora[0] - 1));
        scoring(imported, catalog, signals, examples);
    }

    /** Median seconds per step (after the first) and tokens per step. */
    private static double[] fineTuning(Path imported, ItemCatalog catalog, CollaborativeSignals signals,
                                       List<Example> examples, AdapterConfig adapter, String label) throws IOException {
        try (LlmRecommender model = open(imported, catalog)) {
            LlaraTraining training = new LlaraTraining(new TrainConfig(1, BATCH, 1e-4, 0, 7, 1000), BATCH, 20, 0.1,
                    1e-5, 0.01);
            model.fineTune(examples, adapter, signals, new LlaraTraining(new TrainConfig(0, BATCH, 1e-4, 0, 7, 1000),
                    BATCH, 20, 0.1, 1e-5, 0.01), null, TrainingHooks.NONE);
            float[][] representations = model.gate() == null ? null
                    : signals.represent(examples.stream().map(Example::history).toArray(int[][]::new));
            LlaraLoss loss = new LlaraLoss(model, examples, representations, signals.itemEmbeddings(), training);
            List<Long> stamps = new ArrayList<>();
            stamps.add(System.nanoTime());
            TrainingHooks timing = new TrainingHooks((phase, epoch, epochs, step, total, value) ->
                    stamps.add(System.nanoTime()), null);
            new TrainingLoop("probe", model.llama().parameters(), training.train(), timing)
                    .run(examples.size(), everyStepHybrid(loss), null);
            double[] seconds = new double[STEPS - 1];
            for (int s = 1; s < STEPS; s++) {
                seconds[s - 1] = (stamps.get(s + 1) - stamps.get(s)) / 1e9;
            }
            Arrays.sort(seconds);
            double step = seconds[seconds.length / 2];
            double tokens = tokensPerStep(model, loss, examples);
            System.out.printf("%s, %,d trainable scalars: %.2f s/step (steps after the first: %s), %.2f samples/s,"
                            + " %.0f tokens/s (%.0f tokens per step, %d per example on average)%n", label,
                    model.llama().parameters().trainable().stream().mapToLong(p -> p.shape().size()).sum(), step,
                    Arrays.toString(seconds), BATCH / step, tokens / step, tokens, Math.round(tokens / BATCH));
            return new double[]{step, tokens};
        }
    }

    /** The loss with the curriculum at its end (hybrid prompts), whatever the step. */
    private static TrainingLoop.BatchLoss everyStepHybrid(LlaraLoss loss) {
        return new TrainingLoop.BatchLoss() {
            @Override
            public NDArray compute(NDManager batchManager, int[] exampleIndexes) {
                return loss.compute(batchManager, exampleIndexes);
            }

            @Override
            public void startStep(long step, long totalSteps) {
                loss.startStep(step + totalSteps, step + totalSteps);
            }

            @Override
            public boolean updates(Parameter parameter) {
                return loss.updates(parameter);
            }
        };
    }

    /** Prompt and target tokens of one batch (every batch has about as many). */
    private static double tokensPerStep(LlmRecommender model, LlaraLoss loss, List<Example> examples) {
        double tokens = 0;
        for (int i = 0; i < BATCH; i++) {
            Example e = examples.get(i);
            int[] target = model.prompts().target(e.target());
            tokens += model.prompts().build(e.history(), loss.candidates(e, 0, i), true, 8192).ids().length
                    + target.length;
        }
        return tokens;
    }

    private static void scoring(Path imported, ItemCatalog catalog, CollaborativeSignals signals,
                                List<Example> examples) throws IOException {
        try (LlmRecommender model = open(imported, catalog)) {
            model.fineTune(examples, new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, ENCODER_DIM, 0.3),
                    signals, new LlaraTraining(new TrainConfig(0, BATCH, 1e-4, 0, 7, 1000), BATCH, 20, 0.1, 1e-5,
                            0.01), null, TrainingHooks.NONE);
            long start = System.nanoTime();
            LlaraScorer scorer = model.scorer(signals);
            System.out.printf("scorer set-up (which tokens end a line): %.2f s%n", (System.nanoTime() - start) / 1e9);
            List<Example> users = examples.subList(0, BATCH);
            int[][] candidates = new int[BATCH][];
            Random random = new Random(4);
            for (int u = 0; u < BATCH; u++) {
                candidates[u] = CandidatesProtocol.draw(users.get(u).target(),
                        new HashSet<>(), 20, ITEMS, random);
            }
            start = System.nanoTime();
            scorer.rank(users, candidates);
            double rank = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            List<CandidateAnswer> generated = scorer.generate(users, candidates);
            double generate = (System.nanoTime() - start) / 1e9;
            System.out.printf("scoring %d users (iLoRA, untrained adapters): likelihood ranking %.2f s/user;"
                            + " generation (greedy to the first line, <= %d tokens, batch %d) %.2f s/user,"
                            + " first answer '%s'%n", BATCH, rank / BATCH, LlaraScorer.MAX_NEW_TOKENS, BATCH,
                    generate / BATCH, generated.get(0).answer());
        }
    }

    private static LlmRecommender open(Path imported, ItemCatalog catalog) throws IOException {
        return LlmRecommender.open(imported, "probe", PromptTemplate.movieLens(), 4096, catalog, Device.cpu());
    }

    private static ItemCatalog catalog(Random random) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String title = WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size()))
                    + " (" + (1950 + random.nextInt(70)) + ")";
            items.add(new Item(i, "m" + i, List.of(), title, ""));
        }
        return new ItemCatalog(items);
    }

    private static CollaborativeSignals signals(Random random) {
        float[][] embeddings = new float[ITEMS][];
        for (int i = 0; i < ITEMS; i++) {
            embeddings[i] = Initialization.normal(random, ENCODER_DIM, 1);
        }
        return new CollaborativeSignals(embeddings, histories -> Arrays.stream(histories)
                .map(h -> embeddings[h[h.length - 1]]).toArray(float[][]::new));
    }

    private static List<Example> examples(Random random, int count) {
        List<Example> examples = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            examples.add(new Example("u" + u, random.ints(HISTORY, 0, ITEMS).toArray(), random.nextInt(ITEMS)));
        }
        return examples;
    }
}
