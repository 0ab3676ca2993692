package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.train.StepTimer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * SASRec training speed for bench/speed.sh (test scope: production code carries none of it). Trains on
 * synthetic users shaped like an Amazon review data set — lengths 3..14 (a median of about 8), so a
 * window of 50 is mostly padding — and prints the median milliseconds per step after a warm-up, one
 * line of JSON. bench/reference/sasrec.py trains the same network on the same shapes in PyTorch.
 *
 * <pre>SasRecSpeedProbe [items 12000] [users 4096] [steps 30]</pre>
 */
public final class SasRecSpeedProbe {

    private SasRecSpeedProbe() {
    }

    /** Users with lengths 3 + (u mod 12), items drawn uniformly: the same shapes the reference builds. */
    static List<UserSequence> users(int users, int items, long seed) {
        Random random = new Random(seed);
        List<UserSequence> sequences = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            int length = 3 + u % 12;
            int[] seq = random.ints(length, 0, items).toArray();
            long[] times = new long[length];
            Arrays.setAll(times, i -> i);
            sequences.add(new UserSequence("u" + u, seq, times));
        }
        return sequences;
    }

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        EncoderSettings defaults = EncoderSettings.defaults();
        int batch = defaults.batchSize();
        int epochs = (int) Math.ceil((double) (steps + StepTimer.WARM_UP_STEPS) * batch / users);
        SasRecConfig config = SasRecConfig.from(new EncoderSettings(defaults.hidden(), defaults.maxLength(), epochs,
                batch, defaults.learningRate(), defaults.seed()));
        StepTimer timer = new StepTimer();
        try (SasRec model = SasRec.train(users(users, items, 7), items, config, timer)) {
            double median = timer.medianStepMs(StepTimer.WARM_UP_STEPS, steps);
            System.out.printf("{\"items\": %d, \"batch\": %d, \"window\": %d, \"hidden\": %d, \"steps\": %d,"
                    + " \"medianStepMs\": %.1f}%n", items, batch, config.maxLength(), config.hidden(), steps, median);
        }
    }
}
