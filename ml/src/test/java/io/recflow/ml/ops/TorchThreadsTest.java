package io.recflow.ml.ops;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One thread's PyTorch thread count is its own: the calling test thread and threads started later keep theirs. */
class TorchThreadsTest {

    @Test
    void aThreadSwitchesItsOwnNumberAndNoOtherThreadTakesIt() throws InterruptedException {
        try (NDManager loadsTheEngine = NDManager.newBaseManager()) {
            int engine = TorchThreads.numberOfCurrentThread();
            int own = engine + 1; // differs from the engine's, whatever the build's default
            List<Integer> switchedSees = new ArrayList<>();
            List<Integer> laterSees = new ArrayList<>();
            Thread switched = new Thread(() -> {
                TorchThreads threads = TorchThreads.ofCurrentThread();
                threads.use(own);
                switchedSees.add(TorchThreads.numberOfCurrentThread());
                laterSees.add(numberOfANewThread());
                threads.use(threads.engineThreads());
                switchedSees.add(TorchThreads.numberOfCurrentThread());
                laterSees.add(numberOfANewThread());
            });
            switched.start();
            switched.join();

            assertEquals(List.of(own, engine), switchedSees, "the switching thread, switched and back");
            assertEquals(List.of(engine, engine), laterSees, "threads that ran nothing before");
            assertEquals(engine, TorchThreads.numberOfCurrentThread(), "the thread that was running already");
        }
    }

    private static int numberOfANewThread() {
        int[] seen = new int[1];
        Thread fresh = new Thread(() -> seen[0] = TorchThreads.numberOfCurrentThread());
        fresh.start();
        try {
            fresh.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return seen[0];
    }
}
