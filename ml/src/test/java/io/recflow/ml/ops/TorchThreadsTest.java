package io.recflow.ml.ops;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One thread's PyTorch thread count is its own: the calling test thread and threads started later keep theirs. */
class TorchThreadsTest {

    @Test
    void aLimitedThreadKeepsItsNumberAndNoOtherThreadTakesIt() throws InterruptedException {
        try (NDManager loadsTheEngine = NDManager.newBaseManager()) {
            int engine = TorchThreads.ofCurrentThread();
            int own = engine + 1; // differs from the engine's, whatever the build's default
            AtomicInteger limitedSees = new AtomicInteger();
            Thread limited = new Thread(() -> {
                TorchThreads.limitCurrentThread(own);
                limitedSees.set(TorchThreads.ofCurrentThread());
            });
            limited.start();
            limited.join();
            AtomicInteger laterSees = new AtomicInteger();
            Thread later = new Thread(() -> laterSees.set(TorchThreads.ofCurrentThread()));
            later.start();
            later.join();

            assertEquals(own, limitedSees.get(), "the limited thread");
            assertEquals(engine, laterSees.get(), "a thread that ran nothing before");
            assertEquals(engine, TorchThreads.ofCurrentThread(), "the thread that was running already");
        }
    }
}
