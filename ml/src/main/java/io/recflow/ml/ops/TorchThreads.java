package io.recflow.ml.ops;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op threads of one thread of ours, switchable, while every other thread keeps the
 * engine's number. libtorch keeps the number per thread (OpenMP's and MKL's settings are thread-local),
 * but {@code at::set_num_threads} also stores it as the default that a thread takes when it first runs
 * an operation; so after setting another number here, the engine's is put back as that default from a
 * helper thread. Made on, and used only from, the thread it controls.
 *
 * <p>Why a thread would switch: a served generative model answers a lone request with hundreds of calls
 * too small to share between cores, where a second thread spins between them on the core the HTTP server
 * needs; a batch of many requests has calls large enough for all cores (bench/README, "Serving under load").
 */
public final class TorchThreads {

    private final int engineThreads;
    private int current;

    private TorchThreads(int engineThreads) {
        this.engineThreads = engineThreads;
        this.current = engineThreads;
    }

    /** The calling thread's control; it must not have changed its number before (it then has the engine's). */
    public static TorchThreads ofCurrentThread() {
        return new TorchThreads(JniUtils.getNumThreads());
    }

    /** The engine's number of threads: every other thread's. */
    public int engineThreads() {
        return engineThreads;
    }

    /** Operations run on this thread use {@code threads} intra-op threads from now on. */
    public void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (threads == current) {
            return;
        }
        JniUtils.setNumThreads(threads);
        current = threads;
        if (threads != engineThreads) {
            Thread restore = new Thread(() -> JniUtils.setNumThreads(engineThreads), "recflow-torch-threads");
            restore.start();
            try {
                restore.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while restoring PyTorch's default thread count", e);
            }
        }
    }

    /** The intra-op threads of the calling thread's operations. */
    public static int numberOfCurrentThread() {
        return JniUtils.getNumThreads();
    }
}
