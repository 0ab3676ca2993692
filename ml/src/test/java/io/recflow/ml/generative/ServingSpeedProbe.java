package io.recflow.ml.generative;

import ai.djl.Device;
import io.recflow.ml.encoder.SequenceEncoder;
import io.recflow.ml.encoder.SequenceEncoders;
import io.recflow.ml.ops.TorchThreads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * In-process speed of a served generative model for bench/serving.sh (test scope): milliseconds per
 * top-10 call of {@link GenerativeRecommender#recommend} at each batch size, on the model bundle of a
 * platform (its encoder gating the adapter), without HTTP. Histories of 8 items drawn with a fixed seed;
 * a call of at most 8 histories on one PyTorch thread and larger ones on the engine's, as the serving
 * batcher does. Each batch size: 10 s of warm-up calls, then {@code calls} timed calls; prints the
 * median, the quartiles and the histories per second as one JSON line.
 *
 * <pre>ServingSpeedProbe &lt;model bundle (zip)&gt; [batch sizes "1,16,64"] [calls 100]</pre>
 */
public final class ServingSpeedProbe {

    private static final int HISTORY_ITEMS = 8;
    private static final long WARM_UP_NANOS = 10_000_000_000L;

    private ServingSpeedProbe() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, byte[]> bundle = unzip(Path.of(args[0]));
        int[] batches = Arrays.stream((args.length > 1 ? args[1] : "1,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        try (SequenceEncoder encoder = SequenceEncoders.load(new ByteArrayInputStream(bundle.get("encoder.bin")));
             GenerativeModel model = GenerativeModel.load(new ByteArrayInputStream(bundle.get("model.bin")), Device.cpu())) {
            GenerativeRecommender recommender = model.recommender(encoder::represent);
            TorchThreads threads = TorchThreads.ofCurrentThread();
            Random random = new Random(7);
            for (int batch : batches) {
                int[][] histories = new int[batch][HISTORY_ITEMS];
                for (int[] history : histories) {
                    Arrays.setAll(history, i -> random.nextInt(model.codes().itemCount()));
                }
                threads.use(batch <= 8 ? 1 : threads.engineThreads());
                long warmUntil = System.nanoTime() + WARM_UP_NANOS;
                while (System.nanoTime() < warmUntil) {
                    recommender.recommend(histories, 10);
                }
                double[] ms = new double[calls];
                for (int c = 0; c < calls; c++) {
                    long start = System.nanoTime();
                    recommender.recommend(histories, 10);
                    ms[c] = (System.nanoTime() - start) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("{\"batch\": %d, \"medianMs\": %.2f, \"q1Ms\": %.2f, \"q3Ms\": %.2f, "
                                + "\"historiesPerSecond\": %.1f, \"calls\": %d}%n", batch, ms[calls / 2], ms[calls / 4],
                        ms[3 * calls / 4], batch * 1000 / ms[calls / 2], calls);
            }
        }
    }

    private static Map<String, byte[]> unzip(Path path) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }
}
