package io.recflow.tests;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.UserSequence;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where the lane runs and what it runs on: the repository (for the packaged jar and the infra/
 * scripts), a work folder under {@code tests/target/e2e} (data sets, every process's data directory and
 * log), and the real servers' endpoints (the local-mode defaults of infra/ and application.properties).
 */
final class E2e {

    /** {@code -Drecflow.e2e=local}: the real servers run (infra/start.sh). */
    static final String PROPERTY = "recflow.e2e";

    static final String JDBC_URL = System.getProperty("recflow.e2e.jdbc-url", "jdbc:postgresql://localhost:5432/recflow");
    static final String DB_USER = "recflow";
    static final String DB_PASSWORD = "recflow";
    static final String TEMPORAL_TARGET = System.getProperty("recflow.e2e.temporal", "localhost:7233");
    static final String TEMPORAL_UI = System.getProperty("recflow.e2e.temporal-ui", "http://localhost:8233");
    static final String NAMESPACE = "default";
    static final String S3_ENDPOINT = System.getProperty("recflow.e2e.s3", "http://localhost:9000");
    static final String S3_BUCKET = "recflow";

    /** Unique per lane run: the servers' data persist between runs, so model names and schedule ids must not clash. */
    static final String RUN = Long.toString(System.currentTimeMillis() / 1000 % 100_000_000L, 36);

    private E2e() {
    }

    static Path repo() {
        return Path.of(System.getProperty("recflow.repo", "..")).toAbsolutePath().normalize();
    }

    static Path jar() {
        return repo().resolve("api/target/quarkus-app/quarkus-run.jar");
    }

    static Path work() {
        Path work = Path.of(System.getProperty("recflow.e2e.work", "target/e2e")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work;
    }

    /** Where every process may read file:// data from. */
    static Path dataRoot() {
        Path data = work().resolve("data");
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return data;
    }

    /** A small synthetic data set written as generic CSV (as the api tests use). */
    record SmallData(Path folder, InteractionDataset dataset) {

        /** The last {@code n} item ids of the first user: a realistic history to ask about. */
        List<String> history(int n) {
            UserSequence user = dataset.sequences().get(0);
            return Arrays.stream(user.items(), user.length() - n, user.length())
                    .mapToObj(i -> dataset.catalog().get(i).externalId()).toList();
        }
    }

    static SmallData smallData(String name, long seed) {
        Path folder = dataRoot().resolve(name);
        SyntheticDataset synthetic = SyntheticDataset.generate(new SyntheticConfig(120, 300, 8, 20, seed));
        try {
            synthetic.writeCsv(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmallData(folder, synthetic.dataset());
    }

    /** A spec that trains in seconds (the api tests' small spec). */
    static Map<String, Object> spec(String model, Path data) {
        return spec(model, data, 1, 1, 50);
    }

    /**
     * A small spec with a longer fine-tuning phase when asked: {@code fineTuneEpochs} epochs,
     * a checkpoint every {@code checkpointEvery} steps.
     */
    static Map<String, Object> spec(String model, Path data, int pretrainEpochs, int fineTuneEpochs,
                                    int checkpointEvery) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("pretrainEpochs", pretrainEpochs);
        training.put("fineTuneEpochs", fineTuneEpochs);
        training.put("hiddenSize", 32);
        training.put("historyLength", 10);
        training.put("batchSize", 64);
        training.put("pretrainLearningRate", 3e-3);
        training.put("experts", 2);
        training.put("rank", 4);
        training.put("checkpointEvery", checkpointEvery);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("model", model);
        spec.put("data", Map.of("uri", data.toUri().toString(), "format", "csv"));
        spec.put("tokenizer", Map.of("codebookSize", 16, "encoderEpochs", 2, "embeddingDim", 32));
        spec.put("training", training);
        spec.put("evaluation", Map.of("maxUsers", 60, "beamSize", 10, "candidateDraws", 2));
        spec.put("seed", 7);
        // Every stage computes: lane tests that share a data set would reuse each other's steps (and the fault
        // tests need a fine-tuning to interrupt); the step cache is tested in the api module.
        spec.put("cache", false);
        return spec;
    }

    /**
     * A small spec on an imported foundation model ({@code training.backbone}): {@code examples} one-example
     * fine-tuning steps with a checkpoint after each, short prompts, few users and candidates, one draw — a
     * 135 M-parameter model on one CPU thread makes every prompt count.
     */
    static Map<String, Object> foundationModelSpec(String model, Path data, String backbone, int examples) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("backbone", backbone);
        training.put("fineTuneEpochs", 1);
        training.put("maxTrainingExamples", examples);
        training.put("batchSize", 1);
        training.put("checkpointEvery", 1);
        training.put("historyLength", 5);
        training.put("maxPromptTokens", 320);
        training.put("experts", 2);
        training.put("rank", 4);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("model", model);
        spec.put("data", Map.of("uri", data.toUri().toString(), "format", "csv"));
        spec.put("tokenizer", Map.of("codebookSize", 16, "encoderEpochs", 2, "embeddingDim", 32));
        spec.put("training", training);
        spec.put("evaluation", Map.of("maxUsers", 2, "candidateCount", 5, "candidateDraws", 1));
        spec.put("seed", 7);
        // Every stage computes: lane tests that share a data set would reuse each other's steps (and the fault
        // tests need a fine-tuning to interrupt); the step cache is tested in the api module.
        spec.put("cache", false);
        return spec;
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;  // transient: a server restarting; try again until the deadline
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (last == null ? "" : " (last error: " + last.getMessage() + ")"), last);
            }
            sleep(250);
        }
    }

    /** Waits until {@code value} gives a non-null result and returns it. */
    static <T> T awaitValue(String what, Duration timeout, Supplier<T> value) {
        Object[] found = new Object[1];
        await(what, timeout, () -> (found[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T result = (T) found[0];
        return result;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double seconds(long fromNanos, long toNanos) {
        return Math.round((toNanos - fromNanos) / 1e7) / 100.0;
    }

    /** A line the lane's log and the report read: {@code [e2e] what: value}. */
    static void report(String what, Object value) {
        System.out.println("[e2e] " + what + ": " + value);
        try {
            Files.writeString(work().resolve("report.txt"), what + ": " + value + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
