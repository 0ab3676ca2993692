package io.recflow.activities.stage;

import io.recflow.ml.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhileLoadingTest {

    /** Counts work reports; a report may throw, as a cancelled attempt's heartbeat does. */
    private static final class Reports implements ProgressListener {
        final AtomicInteger work = new AtomicInteger();
        volatile boolean throwing;

        @Override
        public void onProgress(String phase, int epoch, int epochs, long step, long totalSteps, double loss) {
        }

        @Override
        public void onWork() {
            work.incrementAndGet();
            if (throwing) {
                throw new IllegalStateException("canceled");
            }
        }
    }

    @Test
    void aLongLoadReportsWorkWhileItRunsAndNotAfter() throws Exception {
        Reports reports = new Reports();
        Object loaded = new Object();
        Object result = WhileLoading.load(reports, Duration.ofMillis(100), () -> {
            sleep(1_000);
            return loaded;
        });
        assertSame(loaded, result);
        int during = reports.work.get();
        assertTrue(during >= 5, "a 1 s load reported work " + during + " times at 100 ms intervals");
        sleep(400);
        assertEquals(during, reports.work.get(), "the reports stop when the load returns");
    }

    @Test
    void aReportThatThrowsDoesNotStopTheLoadAndTheLoadsFailureIsTheCallers() throws Exception {
        Reports reports = new Reports();
        reports.throwing = true;
        assertEquals("done", WhileLoading.load(reports, Duration.ofMillis(50), () -> {
            sleep(300);
            return "done";
        }));
        assertTrue(reports.work.get() >= 2, "it kept reporting after a report threw");
        IOException unreadable = assertThrows(IOException.class, () -> WhileLoading.load(reports, Duration.ofMillis(50),
                () -> {
                    throw new IOException("unreadable weights");
                }));
        assertEquals("unreadable weights", unreadable.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
