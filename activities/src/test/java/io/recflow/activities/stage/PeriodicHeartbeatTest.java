package io.recflow.activities.stage;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodicHeartbeatTest {

    /** What the activity's context saw; its heartbeat throws once Temporal has cancelled the attempt. */
    private static final class Context {
        final List<Object> beats = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        ActivityExecutionContext proxy() {
            ActivityInfo info = (ActivityInfo) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{ActivityInfo.class}, (p, method, args) -> switch (method.getName()) {
                        case "getActivityId" -> "7";
                        case "getWorkflowId" -> "pipeline-test";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            return (ActivityExecutionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{ActivityExecutionContext.class}, (p, method, args) -> switch (method.getName()) {
                        case "getInfo" -> info;
                        case "heartbeat" -> {
                            if (failure != null) {
                                throw failure;
                            }
                            beats.add(args[0]);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aPhaseIsReportedPeriodicallyWhileItLasts() throws Exception {
        Context context = new Context();
        try (PeriodicHeartbeat heartbeat = PeriodicHeartbeat.start(context.proxy(), Duration.ofMillis(50))) {
            heartbeat.phase("reading");
            // Three beats of one phase: it is reported again while it lasts, not once (however slow the machine).
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (context.beats.stream().filter("reading"::equals).count() < 3) {
                assertTrue(System.nanoTime() < deadline, "a phase lasting 10 s beat fewer than 3 times: "
                        + context.beats);
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aPassingOutageIsNotTheEndButACancellationStopsTheWorkAtItsNextPhase() throws Exception {
        Context context = new Context();
        try (PeriodicHeartbeat heartbeat = PeriodicHeartbeat.start(context.proxy(), Duration.ofMillis(20))) {
            context.failure = new IllegalStateException("server unreachable");
            Thread.sleep(100);
            context.failure = null;
            heartbeat.phase("storing");  // the outage passed: the work goes on

            ActivityCanceledException canceled = new ActivityCanceledException();
            context.failure = canceled;
            Thread.sleep(100);
            assertEquals(canceled, assertThrows(ActivityCanceledException.class, () -> heartbeat.phase("uploading")));
        }
    }
}
