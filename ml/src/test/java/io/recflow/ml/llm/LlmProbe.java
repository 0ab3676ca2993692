package io.recflow.ml.llm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.google.gson.stream.JsonWriter;
import io.recflow.ml.llara.IloraLearningProbe;
import io.recflow.ml.llara.IloraSpeedProbe;
import io.recflow.ml.llm.gguf.GgufConverter;
import io.recflow.ml.lora.AdapterConfig;
import io.recflow.ml.train.Devices;
import io.recflow.ml.train.GradMode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Entry point for benchmark scripts (test scope, so production code carries none of it):
 * <pre>
 *   ./mvnw -q -o -pl ml exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.recflow.ml.llm.LlmProbe \
 *       -Dexec.args="MODE ARGS"
 *   convert &lt;model.gguf&gt; &lt;outDir&gt;
 *   dump    &lt;model&gt; &lt;prompts.txt&gt; &lt;titles.txt&gt; &lt;out.json&gt;
 *   speed   &lt;model&gt; &lt;threads&gt;
 *   ilora-speed &lt;model&gt; &lt;threads&gt;   (LLaRA fine-tuning, LoRA vs iLoRA, and candidates scoring: {@link IloraSpeedProbe})
 *   ilora-learn &lt;model&gt; &lt;text|embedding|user-type|marked&gt; &lt;lr&gt; &lt;prompts&gt; &lt;epochs&gt; [lora,moe-lora] [always-hybrid] [seed=S]
 *               (can fine-tuning learn a synthetic rule, on 2 threads: {@link IloraLearningProbe})
 *   ceiling &lt;threads&gt;     (the fp32 matmul GFLOP/s of this machine's PyTorch: bench/serving.sh's compute floor)
 * </pre>
 * {@code model} is an imported-model directory, or a GGUF file (or a directory holding one), which
 * is then converted into a temporary directory first. Text files are read one entry per non-blank
 * line. Runs on one torch thread unless {@code speed} says otherwise; nothing is downloaded. Setting
 * glibc's MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=4294967296 in the environment
 * makes the forward pass noticeably faster.
 */
public final class LlmProbe {

    private static final int GREEDY_TOKENS = 20;

    private LlmProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        boolean timed = args[0].equals("speed") || args[0].equals("ilora-speed");
        String threads = timed && args.length == 3 ? args[2] : args[0].equals("ceiling") && args.length == 2 ? args[1]
                : args[0].equals("ilora-learn") ? "2" : "1";
        // Configure the engine before anything loads it, in a JVM of its own or in Maven's (exec:java).
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        switch (args[0]) {
            case "convert" -> {
                require(args, 3);
                long start = System.nanoTime();
                LlamaConfig config = GgufConverter.convert(Path.of(args[1]), Path.of(args[2]));
                System.out.printf("converted in %.1f s: %s%n", seconds(start), config);
            }
            case "dump" -> {
                require(args, 5);
                dump(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
            }
            case "speed" -> {
                require(args, 3);
                Speed.run(Path.of(args[1]), Integer.parseInt(args[2]));
            }
            case "ilora-speed" -> {
                require(args, 3);
                System.out.printf("torch threads %s%n", args[2]);
                try (Imported imported = Imported.of(Path.of(args[1]))) {
                    IloraSpeedProbe.run(imported.dir());
                }
                System.out.println("at the end, " + Speed.memory());
            }
            case "ilora-learn" -> {
                if (args.length < 6 || args.length > 9) {
                    usage();
                }
                try (Imported imported = Imported.of(Path.of(args[1]))) {
                    IloraLearningProbe.run(imported.dir(), Arrays.copyOfRange(args, 2, args.length));
                }
            }
            case "ceiling" -> {
                require(args, 2);
                double[] ceiling = Speed.matmulCeiling();
                System.out.printf("fp32 matmul ceiling (1024^3, %d runs, %s torch threads): median %.1f GFLOP/s, best %.1f%n",
                        Speed.MATMUL_RUNS, args[1], ceiling[0], ceiling[1]);
            }
            default -> usage();
        }
    }

    private static void require(String[] args, int count) {
        if (args.length != count) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LlmProbe convert <model.gguf> <outDir> | dump <model> <prompts.txt> <titles.txt>"
                + " <out.json> | speed <model> <threads> | ilora-speed <model> <threads> | ilora-learn <model> <text|embedding|user-type|marked>"
                + " <lr> <prompts> <epochs> [lora,moe-lora] [always-hybrid] [seed=S] | ceiling <threads>");
        System.exit(2);
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * An imported-model directory to read. A GGUF (or a directory with one and no config.json) is
     * converted into a temporary directory, deleted on close; the model and tokenizer hold no files
     * open once loaded.
     */
    record Imported(Path dir, boolean temporary) implements AutoCloseable {

        static Imported of(Path model) throws IOException {
            if (Files.isDirectory(model) && Files.exists(model.resolve(ImportedModel.CONFIG))) {
                return new Imported(model, false);
            }
            Path gguf = model;
            if (Files.isDirectory(model)) {
                try (Stream<Path> files = Files.list(model)) {
                    List<Path> found = files.filter(p -> p.toString().endsWith(".gguf")).sorted().toList();
                    if (found.size() != 1) {
                        throw new IOException(model + " has no " + ImportedModel.CONFIG + " and " + found.size()
                                + " .gguf files (need exactly one)");
                    }
                    gguf = found.get(0);
                }
            }
            Path out = Files.createTempDirectory("recflow-imported-");
            long start = System.nanoTime();
            GgufConverter.convert(gguf, out);
            System.err.printf("converted %s into %s in %.1f s%n", gguf, out, seconds(start));
            return new Imported(out, true);
        }

        @Override
        public void close() throws IOException {
            if (temporary) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    /** Loads the model onto the device {@link Devices} picks, and reports the time it took on {@code report}. */
    static LlamaModel timedLoad(Path dir, PrintStream report) throws IOException {
        Device device = Devices.select("auto");
        long start = System.nanoTime();
        LlamaModel llama = LlamaModel.load(dir, device);
        report.printf("load: %.2f s (%,d parameters on %s)%n", seconds(start), llama.parameters().scalarCount(), device);
        return llama;
    }

    private static void dump(Path model, Path promptsFile, Path titlesFile, Path out) throws IOException {
        try (Imported imported = Imported.of(model);
             LlamaModel llama = timedLoad(imported.dir(), System.err);
             LlmTokenizer tokenizer = LlmTokenizer.load(imported.dir().resolve(ImportedModel.TOKENIZER));
             Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             JsonWriter json = new JsonWriter(file)) {
            LlamaGenerator generator = new LlamaGenerator(llama);
            json.beginObject().name("prompts").beginArray();
            for (String text : lines(promptsFile)) {
                int[] ids = tokenizer.encode(text);
                float[] logits = lastLogits(llama, ids);
                int[] greedy = generator.greedy(new int[][]{ids}, GREEDY_TOKENS, LlamaGenerator.NO_EOS, true)[0];
                json.beginObject();
                json.name("text").value(text);
                ints(json.name("ids"), ids);
                ints(json.name("greedy_ids"), greedy);
                json.name("greedy_text").value(tokenizer.decode(greedy));
                json.name("top5").beginArray();
                for (int id : topIds(logits, 5)) {
                    json.beginArray().value(id).value(Float.valueOf(logits[id])).endArray();
                }
                json.endArray();
                json.name("logits").beginArray();
                for (float v : logits) {
                    json.value(Float.valueOf(v));
                }
                json.endArray();
                json.endObject();
                System.err.printf("%s -> %s%n", text, tokenizer.decode(greedy).replace("\n", "\\n"));
            }
            json.endArray().name("titles").beginArray();
            for (String text : lines(titlesFile)) {
                json.beginObject().name("text").value(text);
                ints(json.name("ids"), tokenizer.encode(text));
                json.endObject();
            }
            json.endArray().endObject();
        }
    }

    private static void ints(JsonWriter json, int[] values) throws IOException {
        json.beginArray();
        for (int v : values) {
            json.value(v);
        }
        json.endArray();
    }

    static float[] lastLogits(LlamaModel llama, int[] ids) {
        try (NDManager manager = llama.manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
            NDArray hidden = llama.forward(manager, TokenBatch.leftPadded(new int[][]{ids}), null, null, null).hidden();
            return llama.logits(hidden.get(new NDIndex("0, -1, :"))).toFloatArray();
        }
    }

    /** Ids of the {@code k} largest logits, largest first, lower id first among equals. */
    static int[] topIds(float[] logits, int k) {
        return IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The {@code speed} mode's measurements. */
    private static final class Speed {

        private static final int BATCH = 4;
        private static final int LENGTH = 128;
        private static final int PROMPT = 16;
        private static final int NEW_TOKENS = 32;
        private static final int REPEATS = 3;
        static final int MATMUL_RUNS = 25;

        static void run(Path model, int threads) throws IOException {
            System.out.printf("torch threads %d%n", threads);
            try (Imported imported = Imported.of(model);
                 LlamaModel llama = timedLoad(imported.dir(), System.out)) {
                System.out.println("after load, " + memory());
                Random random = new Random(1);
                int vocab = llama.config().vocabSize();
                int[][] batch = new int[BATCH][LENGTH];
                for (int[] row : batch) {
                    Arrays.setAll(row, i -> random.nextInt(vocab));
                }
                double forward = median(() -> forward(llama, batch));
                double tokens = BATCH * LENGTH;
                System.out.printf("forward %dx%d: %.3f s, %.0f tokens/s%n", BATCH, LENGTH, forward, tokens / forward);
                double gflops = 2.0 * llama.parameters().scalarCount() * tokens / forward / 1e9;
                double[] ceiling = matmulCeiling();
                System.out.printf("forward GFLOP/s (estimate: 2 x parameters x tokens / s, attention not counted): %.1f;"
                        + " fp32 matmul ceiling measured now (1024x1024 by 1024x1024, %d runs): median %.1f, best %.1f"
                        + " GFLOP/s (forward at %.0f%% of the median)%n", gflops, MATMUL_RUNS, ceiling[0], ceiling[1],
                        100 * gflops / ceiling[0]);
                LlamaGenerator generator = new LlamaGenerator(llama);
                int[][] prompt = {Arrays.copyOf(batch[0], PROMPT)};
                for (boolean cached : new boolean[]{true, false}) {
                    double t = median(() -> generator.greedy(prompt, NEW_TOKENS, LlamaGenerator.NO_EOS, cached));
                    System.out.printf("generation, %d-token prompt + %d new, batch 1, %s KV cache: %.2f s, %.1f tokens/s%n",
                            PROMPT, NEW_TOKENS, cached ? "with" : "without", t, NEW_TOKENS / t);
                }
                llama.attach(AdapterConfig.lora(), new Random(2));
                double train = median(() -> forwardBackward(llama, batch));
                System.out.printf("forward+backward %dx%d, base frozen, LoRA r=8 on all 7 projections: %.3f s, "
                        + "%.0f tokens/s%n", BATCH, LENGTH, train, tokens / train);
            }
            System.out.println("at the end, " + memory());
        }

        private static void forward(LlamaModel llama, int[][] batch) {
            try (NDManager manager = llama.manager().newSubManager(); GradMode.Scope ignored = GradMode.paused()) {
                llama.logits(llama.forward(manager, TokenBatch.leftPadded(batch), null, null, null).hidden())
                        .toFloatArray();
            }
        }

        /** Next-token cross-entropy over the batch, backpropagated into the adapters. */
        private static void forwardBackward(LlamaModel llama, int[][] batch) {
            try (NDManager manager = llama.manager().newSubManager()) {
                try (GradMode.Scope ignored = GradMode.recording()) {
                    NDArray hidden = llama.forward(manager, TokenBatch.leftPadded(batch), null, null, null).hidden();
                    NDArray logProbs = llama.logits(hidden.get(new NDIndex(":, :-1, :"))).logSoftmax(-1);
                    long[] targets = new long[BATCH * (LENGTH - 1)];
                    for (int r = 0; r < BATCH; r++) {
                        for (int t = 1; t < LENGTH; t++) {
                            targets[r * (LENGTH - 1) + t - 1] = batch[r][t];
                        }
                    }
                    NDArray picked = logProbs.gather(manager.create(targets, new Shape(BATCH, LENGTH - 1, 1)), 2);
                    GradMode.backward(picked.mean().neg());
                }
                llama.parameters().trainable().forEach(p -> GradMode.zeroGradient(p.array()));
            }
        }

        /** GFLOP/s of a large fp32 matmul: the median and the best of {@link #MATMUL_RUNS} runs (the CPU is shared). */
        static double[] matmulCeiling() {
            try (NDManager manager = NDManager.newBaseManager(Devices.select("auto"));
                 GradMode.Scope ignored = GradMode.paused()) {
                NDArray a = manager.randomNormal(new Shape(1024, 1024));
                NDArray b = manager.randomNormal(new Shape(1024, 1024));
                List<Double> times = new ArrayList<>();
                for (int i = 0; i < MATMUL_RUNS; i++) {
                    long start = System.nanoTime();
                    try (NDArray c = a.matMul(b)) {
                        c.toFloatArray();
                    }
                    times.add(seconds(start));
                }
                double flops = 2.0 * Math.pow(1024, 3) / 1e9;
                return new double[]{flops / median(times), flops / times.stream().min(Double::compare).orElseThrow()};
            }
        }

        /** Median wall time of {@link #REPEATS} runs after one warm-up. */
        private static double median(Runnable run) {
            run.run();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                long start = System.nanoTime();
                run.run();
                times.add(seconds(start));
            }
            return median(times);
        }

        private static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        private static String memory() throws IOException {
            StringBuilder out = new StringBuilder("memory of the whole JVM (Maven's too under exec:java):");
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) {
                    out.append(' ').append(line.replaceAll("\\s+", " "));
                }
            }
            return out.toString();
        }
    }
}
