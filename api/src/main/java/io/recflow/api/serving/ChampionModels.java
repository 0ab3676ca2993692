package io.recflow.api.serving;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.promote.ModelVersionRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The champion of every model, loaded and ready to serve. It follows the registry: at start, every
 * few seconds (so a promotion by a worker in another process is picked up), and at once after an alias
 * move through this API. A new champion is loaded before it replaces the old one.
 */
@ApplicationScoped
public class ChampionModels {

    private static final Logger LOG = Logger.getLogger(ChampionModels.class);
    private static final Duration LAST_RETRY = Duration.ofMinutes(5);

    @Inject
    ModelRegistry registry;
    @Inject
    ChampionLoader loader;
    /** How long a champion that failed to load waits before it is tried again, doubled on each failure. */
    @ConfigProperty(name = "recflow.serving.unloadable-retry", defaultValue = "10s")
    Duration firstRetry;

    private final Map<String, ServedModel> current = new ConcurrentHashMap<>();
    /** Champions that failed to load, with why and when to try again; removed once one loads. */
    private final Map<ModelVersionRef, Failure> unloadable = new ConcurrentHashMap<>();

    /**
     * Why a champion could not be loaded, and when it is tried again. Whether the cause passes (the store was
     * unreachable for a moment) or not (an artifact of an older, incompatible format) cannot be told from here,
     * so every failure is retried, less and less often: at most every {@link #LAST_RETRY}.
     */
    private record Failure(String message, Instant retryAt, Duration backoff) {
    }

    void loadAtStart(@Observes StartupEvent event) {
        refreshAll();
    }

    // Not while the application stops: the datasource may already be gone.
    @Scheduled(every = "${recflow.serving.refresh-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshAll() {
        // One query for every model's champion; only a model whose champion is not the one served looks again
        // (inside the lock, where a move made since this query is seen) and loads it.
        registry.champions().forEach((model, champion) -> {
            ServedModel served = current.get(model);
            if (served == null || !served.version().equals(champion.toRef())) {
                refresh(model);
            }
        });
    }

    /**
     * Loads the model's champion if it is not the one being served. A champion that cannot be loaded
     * (an artifact of an older, incompatible format; the store unreachable) is reported and tried again after
     * a wait that doubles with each failure; the previous champion, if any, keeps serving meanwhile.
     */
    public synchronized void refresh(String model) {
        ModelVersionEntity champion = registry.champion(model).orElse(null);
        ServedModel served = current.get(model);
        if (champion == null || (served != null && served.version().equals(champion.toRef()))) {
            return;
        }
        Failure failed = unloadable.get(champion.toRef());
        if (failed != null && Instant.now().isBefore(failed.retryAt())) {
            return;
        }
        ServedModel loaded;
        try {
            loaded = loader.load(champion);
        } catch (RuntimeException e) {
            Duration backoff = failed == null ? firstRetry : min(failed.backoff().multipliedBy(2), LAST_RETRY);
            unloadable.put(champion.toRef(), new Failure(e.getMessage(), Instant.now().plus(backoff), backoff));
            if (failed == null || !String.valueOf(e.getMessage()).equals(failed.message())) {
                LOG.errorf("cannot serve %s, the champion of %s (%s); %s; trying again in %s", champion.toRef(),
                        model, e.getMessage(), served == null ? "nothing is served for it"
                                : "still serving " + served.version(), backoff);
            }
            return;
        }
        if (unloadable.remove(champion.toRef()) != null) {
            LOG.infof("%s loads now", champion.toRef());
        }
        ServedModel previous = current.put(model, loaded);
        LOG.infof("serving %s (was %s)", loaded.version(), previous == null ? "nothing" : previous.version());
        if (previous != null) {
            previous.release();
        }
    }

    /** Runs {@code work} on the model's champion, which stays loaded until {@code work} returns. */
    public <T> T withChampion(String model, Function<ServedModel, T> work) {
        while (true) {
            ServedModel served = current.get(model);
            if (served == null) {
                refresh(model);
                served = current.get(model);
                if (served == null) {
                    throw unservable(model);
                }
            }
            if (served.lease()) {
                try {
                    return work.apply(served);
                } finally {
                    served.release();
                }
            }
        }
    }

    private ProblemException unservable(String model) {
        ModelVersionEntity champion = registry.champion(model).orElse(null);
        Failure failed = champion == null ? null : unloadable.get(champion.toRef());
        if (failed != null) {
            return ProblemException.unavailable("the champion " + champion.toRef() + " cannot be served: "
                    + failed.message() + "; promote another version or retrain");
        }
        return ProblemException.notFound("model " + model + " has no champion to serve; run a pipeline that"
                + " promotes one, or move its champion alias");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The version being served for {@code model}, if any. */
    public ModelVersionRef serving(String model) {
        ServedModel served = current.get(model);
        return served == null ? null : served.version();
    }
}
