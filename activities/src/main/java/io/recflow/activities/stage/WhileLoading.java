package io.recflow.activities.stage;

import io.recflow.ml.progress.ProgressListener;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reports work every few seconds from a second thread while one blocking call runs: unpacking and loading a
 * foundation model took longer than the 60 s heartbeat timeout on a busy 2-core machine, Temporal then timed
 * the attempt out while it was still loading, and every retry loaded another copy beside it (the worker was
 * killed for memory). A loop that reports after every chunk cannot do this: the load is one library call.
 */
public final class WhileLoading {

    static final Duration EVERY = Duration.ofSeconds(10);

    /** The load itself, and what it may throw. */
    @FunctionalInterface
    public interface Load<T, E extends Exception> {
        T run() throws E;
    }

    private WhileLoading() {
    }

    /** Runs {@code load}, calling {@link ProgressListener#onWork()} every {@link #EVERY} until it returns. */
    public static <T> T load(ProgressListener progress, Load<T, IOException> load) throws IOException {
        return load(progress, EVERY, load);
    }

    /**
     * As {@link #load}, for one long computation that reads nothing and reports no progress of its own (the
     * item tokenizer's k-means over a large catalogue).
     */
    public static <T> T compute(ProgressListener progress, Supplier<T> computation) {
        return load(progress, EVERY, computation::get);
    }

    static <T, E extends Exception> T load(ProgressListener progress, Duration every, Load<T, E> load) throws E {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "heartbeat-while-loading");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(() -> {
            try {
                progress.onWork();
            } catch (RuntimeException ignored) {
                // A cancelled attempt or a stopping worker: the loading thread's next report throws it too.
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return load.run();
        } finally {
            ticker.shutdownNow();
        }
    }
}
