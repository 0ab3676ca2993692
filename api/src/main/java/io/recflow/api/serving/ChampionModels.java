package io.recflow.api.serving;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelSummary;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.promote.ModelVersionRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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

    @Inject
    ModelRegistry registry;
    @Inject
    ChampionLoader loader;

    private final Map<String, ServedModel> current = new ConcurrentHashMap<>();
    /** Champions that failed to load, with why; cleared for a model only by its alias moving elsewhere. */
    private final Map<ModelVersionRef, String> unloadable = new ConcurrentHashMap<>();

    void loadAtStart(@Observes StartupEvent event) {
        refreshAll();
    }

    // Not while the application stops: the datasource may already be gone.
    @Scheduled(every = "${recflow.serving.refresh-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshAll() {
        for (ModelSummary model : registry.models()) {
            refresh(model.name());
        }
    }

    /**
     * Loads the model's champion if it is not the one being served. A champion that cannot be loaded
     * (e.g. an artifact of an older, incompatible format) is reported once and not tried again until
     * the alias moves; the previous champion, if any, keeps serving.
     */
    public synchronized void refresh(String model) {
        ModelVersionEntity champion = registry.champion(model).orElse(null);
        ServedModel served = current.get(model);
        if (champion == null || (served != null && served.version().equals(champion.toRef()))
                || unloadable.containsKey(champion.toRef())) {
            return;
        }
        ServedModel loaded;
        try {
            loaded = loader.load(champion);
        } catch (RuntimeException e) {
            unloadable.put(champion.toRef(), e.getMessage());
            LOG.errorf("cannot serve %s, the champion of %s (%s); %s", champion.toRef(), model, e.getMessage(),
                    served == null ? "nothing is served for it" : "still serving " + served.version());
            return;
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
        if (champion != null && unloadable.containsKey(champion.toRef())) {
            return ProblemException.unavailable("the champion " + champion.toRef() + " cannot be served: "
                    + unloadable.get(champion.toRef()) + "; promote another version or retrain");
        }
        return ProblemException.notFound("model " + model + " has no champion to serve; run a pipeline that"
                + " promotes one, or move its champion alias");
    }

    /** The version being served for {@code model}, if any. */
    public ModelVersionRef serving(String model) {
        ServedModel served = current.get(model);
        return served == null ? null : served.version();
    }
}
