package io.recflow.activities.stage;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats an activity from a background thread while it is inside calls that cannot report progress
 * themselves (a pip download, a GGUF conversion, an S3 upload of hundreds of megabytes). The details
 * name the current phase, so a person looking at the pending activity sees where it is; the worker log
 * says how long each phase took. When a heartbeat learns that the attempt is over (cancelled, timed out,
 * its workflow gone), the work thread's next {@link #phase} throws it, so the work stops there instead of
 * writing its outputs for a run that no longer wants them.
 */
public final class PeriodicHeartbeat implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PeriodicHeartbeat.class);

    private final ActivityExecutionContext context;
    private final ScheduledExecutorService timer;
    private static final String STARTING = "starting";

    private volatile String phase = STARTING;
    private volatile ActivityCompletionException ended;
    private long phaseStarted = System.nanoTime();

    private PeriodicHeartbeat(ActivityExecutionContext context, Duration every) {
        this.context = context;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + context.getInfo().getActivityId());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static PeriodicHeartbeat start(ActivityExecutionContext context, Duration every) {
        return new PeriodicHeartbeat(context, every);
    }

    /**
     * Enters a new phase and says so at once.
     *
     * @throws ActivityCompletionException (e.g. {@link io.temporal.client.ActivityCanceledException}) when a
     *                                     heartbeat found the attempt over
     */
    public void phase(String phase) {
        throwIfEnded();
        long now = System.nanoTime();
        if (!STARTING.equals(this.phase)) {
            LOG.infof("%s: %s took %.1f s", context.getInfo().getWorkflowId(), this.phase, (now - phaseStarted) / 1e9);
        }
        this.phase = phase;
        this.phaseStarted = now;
        beat();
        throwIfEnded();
    }

    private void beat() {
        try {
            context.heartbeat(phase);
        } catch (ActivityCompletionException e) {
            ended = e;
            timer.shutdown();
        } catch (RuntimeException e) {
            // e.g. the server unreachable for a moment: the next beat tries again.
            LOG.debugf("heartbeat (%s) failed: %s", phase, e.getMessage());
        }
    }

    private void throwIfEnded() {
        if (ended != null) {
            throw ended;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
