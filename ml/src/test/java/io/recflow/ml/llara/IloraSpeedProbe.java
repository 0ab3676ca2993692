package io.recflow.ml.llara;

import ai.djl.Device;
import io.recflow.ml.data.Item;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.evaluation.CandidatesProtocol;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.split.Example;
import io.recflow.ml.train.Initialization;
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
 * and iLoRA (4 experts) on LLaRA's hybrid MovieLens prompt (10 history items, 20 candidates of
 * two-word titles, a third with a year: about 250 tokens with the target; MovieLens titles, all with
 * their year in digits, make it about 370), batches of {@value #BATCH} in one pass, every step hybrid; then the cost of scoring
 * one user both ways. Synthetic titles and a random stand-in encoder: speed only.
 */
public final class IloraSpeedProbe {

    private static final int BATCH = 4;
    private static final int ROUNDS = 4;
    private static final int ITEMS = 300;
    private static final int HISTORY = 10;
    private static final int ENCODER_DIM = 64;
    /** Title words (24), shared with {@link IloraLearningProbe}. */
    static final List<String> WORDS = List.of("Silent", "River", "Night", "Return", "Golden", "City", "Last",
            "Summer", "Dark", "Star", "Lost", "Empire", "Little", "Women", "Blue", "Velvet", "Wild", "Heart",
            "Broken", "Arrow", "Red", "October", "Iron", "Giant");

    private IloraSpeedProbe() {
    }

    public static void run(Path imported) throws IOException {
        ItemCatalog catalog = catalog(new Random(1));
        CollaborativeSignals signals = signals(new Random(2));
        List<Example> examples = examples(new Random(3), BATCH);
        fineTuning(imported, catalog, signals, examples);
        scoring(imported, catalog, signals, examples);
    }

    /**
     * Times single fine-tuning steps of LoRA and iLoRA in alternation (the machine may be shared: drift
     * then hits both alike), and reports the medians after a warm-up round.
     */
    private static void fineTuning(Path imported, ItemCatalog catalog, CollaborativeSignals signals,
                                   List<Example> examples) throws IOException {
        LlaraTraining training = new LlaraTraining(new TrainConfig(1, BATCH, 1e-4, 0, 7, 1000), BATCH, 20, 0.1,
                1e-5, 0.01);
        String[] labels = {"LoRA r=8", "iLoRA E=4 r=8"};
        AdapterConfig[] adapters = {new AdapterConfig(AdapterConfig.Kind.LORA, 1, 8, 32, ENCODER_DIM, 0.3),
                new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, ENCODER_DIM, 0.3)};
        try (LlmRecommender lora = open(imported, catalog); LlmRecommender ilora = open(imported, catalog)) {
            LlmRecommender[] models = {lora, ilora};
            LlaraLoss[] losses = new LlaraLoss[2];
            for (int m = 0; m < 2; m++) {
                models[m].fineTune(examples, adapters[m], signals, new LlaraTraining(new TrainConfig(0, BATCH, 1e-4, 0,
                        7, 1000), BATCH, 20, 0.1, 1e-5, 0.01), null, TrainingHooks.NONE);
                float[][] representations = models[m].gate() == null ? null
                        : signals.represent(examples.stream().map(Example::history).toArray(int[][]::new));
                losses[m] = new LlaraLoss(models[m], examples, representations, signals.itemEmbeddings(), training);
            }
            double[][] seconds = new double[2][ROUNDS];
            for (int round = 0; round <= ROUNDS; round++) {
                for (int m = 0; m < 2; m++) {
                    long start = System.nanoTime();
                    new TrainingLoop("probe", models[m].llama().parameters(), training.train(), TrainingHooks.NONE)
                            .run(examples.size(), new AlwaysHybrid(losses[m]), null);
                    if (round > 0) {
                        seconds[m][round - 1] = (System.nanoTime() - start) / 1e9;
                    }
                }
            }
            double tokens = tokensPerStep(lora, losses[0], examples);
            double[] medians = new double[2];
            for (int m = 0; m < 2; m++) {
                medians[m] = median(seconds[m]);
                System.out.printf("%s, %,d trainable scalars: %.2f s/step (rounds: %s), %.3f samples/s, %.0f tokens/s"
                                + " (%.0f tokens per step of %d, %d per example)%n", labels[m],
                        models[m].llama().parameters().trainable().stream().mapToLong(p -> p.shape().size()).sum(),
                        medians[m], Arrays.toString(seconds[m]), BATCH / medians[m], tokens / medians[m], tokens,
                        BATCH, Math.round(tokens / BATCH));
            }
            double[] ratios = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                ratios[r] = seconds[1][r] / seconds[0][r];
            }
            System.out.printf("iLoRA's cost over LoRA: %.2fx the step time (median of the per-round ratios %s)%n",
                    median(ratios), Arrays.toString(ratios));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
            LlaraScorer scorer = model.scorer(signals);
            List<Example> users = examples.subList(0, BATCH);
            int[][] candidates = new int[BATCH][];
            Random random = new Random(4);
            for (int u = 0; u < BATCH; u++) {
                candidates[u] = CandidatesProtocol.draw(users.get(u).target(),
                        new HashSet<>(), 20, ITEMS, random);
            }
            long start = System.nanoTime();
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
            // A year on every third title brings the prompt to about 250 tokens (its digits are single tokens).
            String title = WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size()))
                    + (i % 3 == 0 ? " (" + (1950 + random.nextInt(70)) + ")" : "");
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
