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
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Can LLaRA's fine-tuning teach the language model a rule it can only learn from its examples? Synthetic
 * tasks with 20 candidates (target + 19 random), so chance is 0.05; the first three have 300 items in 24
 * groups, and a model that has learnt the rule picks among the target and the ~0.8 negatives of its group:
 * <ul>
 *   <li>{@code text}: an item's group is its title's first word, and the next item is of the last
 *       history item's group — the rule is in the text;</li>
 *   <li>{@code embedding}: titles are random words; the group shows only in the sequence encoder's item
 *       embeddings (group centre + noise), which reach the model through the hybrid prompt's projector
 *       and (iLoRA) the gate — LLaRA's collaborative path.</li>
 *   <li>{@code user-type}: a title's two words name two independent groups; half the users follow the first
 *       word (the next item shares it with the last history item), half the second. Which half a user is in
 *       shows only in the sequence representation that gates iLoRA ({@link UserTypes}): the case iLoRA's
 *       per-user mixture of experts is for, where plain LoRA can at best learn "shares a word".</li>
 *   <li>{@code marked}: titles and histories are random; the target is always a "hit", one item in six, whose
 *       encoder embedding carries a common direction. Training and held-out users draw their targets from two
 *       disjoint halves of the hits, so remembering the training targets' titles does not help: only the
 *       candidates' own embeddings do — the simplest collaborative signal (like popularity), with no
 *       comparison to the history to learn.</li>
 * </ul>
 * Trains on a number of prompts and ranks held-out users by likelihood, zero-shot beside each
 * adapter. The held-out users are drawn after the training prompts from one seeded stream, so runs
 * with the same number of prompts share them (compare those). The {@code ilora-learn} mode of {@link io.recflow.ml.llm.LlmProbe}.
 */
public final class IloraLearningProbe {

    private static final int ITEMS = 300;
    private static final int GROUPS = 24;
    private static final int HISTORY = 10;
    private static final int CANDIDATES = 20;
    private static final int ENCODER_DIM = 64;
    private static final int TEST_USERS = 48;
    /** Title words; in the text rule the first names the group. */
    private static final List<String> WORDS = IloraSpeedProbe.WORDS;

    private IloraLearningProbe() {
    }

    /**
     * @param args {@code <text|embedding|user-type|marked> <learning rate> <training prompts> <epochs> [lora,moe-lora]
     *             [always-hybrid] [seed=S]}; seed 0 (the default) is the data and initialisation every earlier
     *             run used, another seed draws other items, users and adapters
     */
    public static void run(Path imported, String[] args) throws IOException {
        boolean textRule = args[0].equals("text");
        double learningRate = Double.parseDouble(args[1]);
        int trainCount = Integer.parseInt(args[2]);
        int epochs = Integer.parseInt(args[3]);
        List<String> adapters = List.of((args.length > 4 ? args[4] : "lora,moe-lora").split(","));
        List<String> options = Arrays.asList(args).subList(Math.min(args.length, 5), args.length);
        boolean alwaysHybrid = options.contains("always-hybrid");
        int seed = options.stream().filter(o -> o.startsWith("seed=")).mapToInt(o -> Integer.parseInt(o.substring(5)))
                .findFirst().orElse(0);

        Random random = new Random(11 + seed);
        ItemCatalog catalog;
        CollaborativeSignals signals;
        List<Example> train;
        List<Example> test;
        if (args[0].equals("user-type")) {
            UserTypes types = new UserTypes(new Random(12 + seed));
            catalog = types.catalog();
            signals = types.signals(new Random(13 + seed));
            train = types.examples(random, trainCount, "train");
            test = types.examples(random, TEST_USERS, "test");
        } else if (args[0].equals("marked")) {
            catalog = Hits.catalog(new Random(12 + seed));
            signals = Hits.signals(new Random(13 + seed));
            train = Hits.examples(random, trainCount, "train", 0);
            test = Hits.examples(random, TEST_USERS, "test", 1);
        } else {
            int[] group = new int[ITEMS];
            for (int i = 0; i < ITEMS; i++) {
                group[i] = i % GROUPS;
            }
            catalog = catalog(group, textRule, new Random(12 + seed));
            signals = signals(group, new Random(13 + seed));
            train = examples(group, random, trainCount, "train");
            test = examples(group, random, TEST_USERS, "test");
        }
        int[][] candidates = new int[TEST_USERS][];
        for (int u = 0; u < TEST_USERS; u++) {
            Set<Integer> seen = seen(test.get(u).history());
            candidates[u] = CandidatesProtocol.draw(test.get(u).target(), seen, CANDIDATES, catalog.size(), random);
        }
        System.out.printf(Locale.ROOT, "task %s, lr %s, %d training prompts x %d epochs%s, %d test users, seed %d%n",
                args[0], args[1], trainCount, epochs, alwaysHybrid ? ", every step hybrid" : "", TEST_USERS, seed);
        try (LlmRecommender zeroShot = open(imported, catalog)) {
            report("zero-shot", zeroShot.scorer(null).rank(test, candidates), 0);
        }
        for (String kind : adapters) {
            AdapterConfig adapter = kind.equals("lora")
                    ? new AdapterConfig(AdapterConfig.Kind.LORA, 1, 8, 32, ENCODER_DIM, 0.3)
                    : new AdapterConfig(AdapterConfig.Kind.MOE_LORA, 4, 8, 32, ENCODER_DIM, 0.3);
            try (LlmRecommender model = open(imported, catalog)) {
                long start = System.nanoTime();
                List<Double> losses = new ArrayList<>();
                TrainingHooks hooks = new TrainingHooks((phase, epoch, all, step, total, loss) -> losses.add(loss), null);
                LlaraTraining training = LlaraTraining.defaults(
                        new TrainConfig(epochs, 8, learningRate, 0.05, 42 + seed, 1_000_000));
                if (alwaysHybrid) {
                    fineTuneAlwaysHybrid(model, train, adapter, signals, training, hooks);
                } else {
                    model.fineTune(train, adapter, signals, training, null, hooks);
                }
                double minutes = (System.nanoTime() - start) / 6e10;
                report(kind, model.scorer(signals).rank(test, candidates), minutes);
                System.out.println("  loss per target token, mean of each eighth of the steps: " + summary(losses));
            }
        }
    }

    /** LLaRA's fine-tuning without its curriculum: every step reads the hybrid prompt. */
    private static void fineTuneAlwaysHybrid(LlmRecommender model, List<Example> train, AdapterConfig adapter,
                                             CollaborativeSignals signals, LlaraTraining training, TrainingHooks hooks) {
        model.fineTune(train, adapter, signals, LlaraTraining.defaults(new TrainConfig(0, 8, 1e-3, 0, 42, 1_000_000)),
                null, TrainingHooks.NONE);
        float[][] representations = model.gate() == null ? null
                : signals.represent(train.stream().map(Example::history).toArray(int[][]::new));
        LlaraLoss loss = new LlaraLoss(model, train, representations, signals.itemEmbeddings(), training);
        new TrainingLoop(LlmRecommender.FINE_TUNE_PHASE, model.llama().parameters(), training.train(), hooks)
                .decayingTo(training.finalRateFraction())
                .accumulating(training.microBatchSize())
                .run(train.size(), new AlwaysHybrid(loss), null);
    }

    private static void report(String row, List<CandidateAnswer> answers, double minutes) {
        System.out.printf(Locale.ROOT, "%-10s HR@1 %.3f (%d of %d)  fine-tuning %.1f min%n", row,
                CandidateAnswer.hitRatio(answers), answers.stream().filter(CandidateAnswer::correct).count(),
                answers.size(), minutes);
    }

    private static String summary(List<Double> losses) {
        StringBuilder out = new StringBuilder();
        int window = Math.max(1, losses.size() / 8);
        for (int from = 0; from < losses.size(); from += window) {
            out.append(String.format(Locale.ROOT, "%.2f ",
                    losses.subList(from, Math.min(losses.size(), from + window)).stream()
                            .mapToDouble(Double::doubleValue).average().orElse(0)));
        }
        return out.toString().strip();
    }

    private static LlmRecommender open(Path imported, ItemCatalog catalog) throws IOException {
        return LlmRecommender.open(imported, "probe", PromptTemplate.movieLens(), 4096, catalog, Device.cpu());
    }

    /** Text rule: the first word names the group; else both words are random (the group is hidden). */
    private static ItemCatalog catalog(int[] group, boolean textRule, Random random) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String first = textRule ? WORDS.get(group[i]) : WORDS.get(random.nextInt(WORDS.size()));
            items.add(new Item(i, "m" + i, List.of(), first + " " + WORDS.get(random.nextInt(WORDS.size())), ""));
        }
        return new ItemCatalog(items);
    }

    /** Item embeddings: the group's centre plus smaller noise; a history is represented by its last item. */
    private static CollaborativeSignals signals(int[] group, Random random) {
        float[][] centres = new float[GROUPS][];
        for (int g = 0; g < GROUPS; g++) {
            centres[g] = Initialization.normal(random, ENCODER_DIM, 1);
        }
        float[][] embeddings = new float[ITEMS][];
        for (int i = 0; i < ITEMS; i++) {
            float[] noise = Initialization.normal(random, ENCODER_DIM, 0.3f);
            embeddings[i] = new float[ENCODER_DIM];
            for (int d = 0; d < ENCODER_DIM; d++) {
                embeddings[i][d] = centres[group[i]][d] + noise[d];
            }
        }
        return new CollaborativeSignals(embeddings, histories -> Arrays.stream(histories)
                .map(h -> embeddings[h[h.length - 1]]).toArray(float[][]::new));
    }

    /**
     * The {@code user-type} task. Every item has two groups drawn independently, its title's first and second
     * word. A user of type 0 has a history of even items and moves on to an item sharing the last one's first
     * word; a user of type 1, odd items and the second word. Titles and item embeddings (random) say nothing of
     * an item's parity, so the type shows only in the representation of the history (one of two random
     * vectors), which is what gates iLoRA's experts.
     */
    private static final class UserTypes {

        private final int[][] groups = new int[2][ITEMS];

        UserTypes(Random random) {
            for (int word = 0; word < 2; word++) {
                for (int i = 0; i < ITEMS; i++) {
                    groups[word][i] = random.nextInt(GROUPS);
                }
            }
        }

        ItemCatalog catalog() {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                items.add(new Item(i, "m" + i, List.of(), WORDS.get(groups[0][i]) + " " + WORDS.get(groups[1][i]), ""));
            }
            return new ItemCatalog(items);
        }

        CollaborativeSignals signals(Random random) {
            float[][] embeddings = new float[ITEMS][];
            for (int i = 0; i < ITEMS; i++) {
                embeddings[i] = Initialization.normal(random, ENCODER_DIM, 1);
            }
            float[][] typeVectors = {Initialization.normal(random, ENCODER_DIM, 1),
                    Initialization.normal(random, ENCODER_DIM, 1)};
            return new CollaborativeSignals(embeddings, histories -> Arrays.stream(histories)
                    .map(h -> typeVectors[h[0] % 2]).toArray(float[][]::new));
        }

        List<Example> examples(Random random, int count, String prefix) {
            List<Example> examples = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                int type = u % 2;
                int[] history = random.ints(HISTORY, 0, ITEMS / 2).map(i -> 2 * i + type).toArray();
                Set<Integer> seen = seen(history);
                int wanted = groups[type][history[HISTORY - 1]];
                List<Integer> next = new ArrayList<>();
                for (int i = 0; i < ITEMS; i++) {
                    if (groups[type][i] == wanted && !seen.contains(i)) {
                        next.add(i);
                    }
                }
                examples.add(new Example(prefix + u, history, next.get(random.nextInt(next.size()))));
            }
            return examples;
        }
    }

    /**
     * The {@code marked} task: 3,000 items with distinct titles of two random words and a year, and every sixth a
     * hit whose embedding is noise plus one direction shared by all hits. Users' histories are random and their
     * next item an unseen hit of their half of the hits (items {@code 12k} for training, {@code 12k + 6} held out):
     * 250 targets each, so few training targets repeat and remembering their titles does not carry over. A perfect
     * reader of the embeddings picks the target among it and the ~3 hits of 19 random negatives: about 0.24
     * against chance's 0.05.
     */
    private static final class Hits {

        private static final int SIZE = 3000;
        private static final int EVERY = 6;

        static ItemCatalog catalog(Random random) {
            Set<String> titles = new HashSet<>();
            List<Item> items = new ArrayList<>();
            while (items.size() < SIZE) {
                String title = WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size()))
                        + " (" + (1930 + random.nextInt(90)) + ")";
                if (titles.add(title)) {
                    items.add(new Item(items.size(), "m" + items.size(), List.of(), title, ""));
                }
            }
            return new ItemCatalog(items);
        }

        static CollaborativeSignals signals(Random random) {
            float[] direction = Initialization.normal(random, ENCODER_DIM, 1);
            float[][] embeddings = new float[SIZE][];
            for (int i = 0; i < SIZE; i++) {
                embeddings[i] = Initialization.normal(random, ENCODER_DIM, 1);
                if (i % EVERY == 0) {
                    for (int d = 0; d < ENCODER_DIM; d++) {
                        embeddings[i][d] += direction[d];
                    }
                }
            }
            return new CollaborativeSignals(embeddings, histories -> Arrays.stream(histories)
                    .map(h -> embeddings[h[h.length - 1]]).toArray(float[][]::new));
        }

        /** @param half 0: targets among items {@code 12k} (training), 1: among {@code 12k + 6} (held out) */
        static List<Example> examples(Random random, int count, String prefix, int half) {
            List<Example> examples = new ArrayList<>();
            for (int u = 0; u < count; u++) {
                int[] history = random.ints(HISTORY, 0, SIZE).toArray();
                Set<Integer> seen = seen(history);
                int target;
                do {
                    target = 2 * EVERY * random.nextInt(SIZE / (2 * EVERY)) + EVERY * half;
                } while (seen.contains(target));
                examples.add(new Example(prefix + u, history, target));
            }
            return examples;
        }
    }

    /** Random histories; the target is an unseen item of the last history item's group. */
    private static List<Example> examples(int[] group, Random random, int count, String prefix) {
        List<Example> examples = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            int[] history = random.ints(HISTORY, 0, ITEMS).toArray();
            Set<Integer> seen = seen(history);
            int target;
            do {
                target = group[history[HISTORY - 1]] + GROUPS * random.nextInt(ITEMS / GROUPS);
            } while (seen.contains(target) || target >= ITEMS);
            examples.add(new Example(prefix + u, history, target));
        }
        return examples;
    }

    private static Set<Integer> seen(int[] history) {
        return Arrays.stream(history).boxed().collect(Collectors.toSet());
    }
}
