package io.recflow.ml.ops;

import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op threads for one thread of ours. libtorch keeps the number per thread (OpenMP's and
 * MKL's settings are thread-local), but {@code at::set_num_threads} also stores it as the default that a
 * thread takes when it first runs an operation; so after setting it here, the default is put back from
 * another thread, and every other thread keeps the engine's number.
 *
 * <p>Why a thread would want its own: a served generative model makes hundreds of calls a request, each
 * too small to share between cores; with two threads the second spins between them on the core the
 * HTTP server needs (bench/README, "Serving under load").
 */
public final class TorchThreads {

    private TorchThreads() {
    }

    /** Operations run on the calling thread use {@code threads} intra-op threads from now on. */
    public static void limitCurrentThread(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        int engineDefault = JniUtils.getNumThreads();
        JniUtils.setNumThreads(threads);
        Thread restore = new Thread(() -> JniUtils.setNumThreads(engineDefault), "recflow-torch-threads");
        restore.start();
        try {
            restore.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring PyTorch's default thread count", e);
        }
    }

    /** The intra-op threads of the calling thread's operations. */
    public static int ofCurrentThread() {
        return JniUtils.getNumThreads();
    }
}
