package io.recflow.api.foundation;

import io.quarkus.runtime.ShutdownEvent;
import io.recflow.activities.foundation.FoundationModelFiles;
import io.recflow.activities.foundation.UnpackedFoundationModel;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The foundation models the playground keeps warm: loaded on first use from their artifact, kept in
 * memory for the next request, at most {@code recflow.foundation.max-loaded} of them (the least
 * recently used is closed first). Keyed by artifact sha256, so a model is loaded once whatever name asks.
 */
@ApplicationScoped
public class PlaygroundModels {

    private static final Logger LOG = Logger.getLogger(PlaygroundModels.class);

    @Inject
    FoundationModelFiles files;
    @ConfigProperty(name = "recflow.foundation.max-loaded", defaultValue = "1")
    int maxLoaded;

    /**
     * Requests in the playground at once, the one generating included: a generation takes the engine's threads
     * for seconds, so the others wait, each holding one of the API's worker threads; past this many, a request is
     * answered 503 at once instead of joining the queue.
     */
    static final int MAX_IN_PLAYGROUND = 4;

    private final LinkedHashMap<String, WarmModel> loaded = new LinkedHashMap<>(4, 0.75f, true);
    private final AtomicInteger inPlayground = new AtomicInteger();

    /** Generates with the model stored as {@code ref}, loading it first when it is not warm. */
    public Generation generate(String name, ArtifactRef ref, String prompt, int maxTokens) {
        if (inPlayground.incrementAndGet() > MAX_IN_PLAYGROUND) {
            inPlayground.decrementAndGet();
            throw ProblemException.unavailable("the playground is busy: " + MAX_IN_PLAYGROUND + " requests are"
                    + " generating or waiting, one at a time; try again shortly");
        }
        try {
            while (true) {
                Optional<Generation> generation = warm(name, ref).generate(prompt, maxTokens);
                if (generation.isPresent()) {
                    return generation.get();
                }
                // Evicted between lookup and use by a request for another model: load it again.
            }
        } finally {
            inPlayground.decrementAndGet();
        }
    }

    private synchronized WarmModel warm(String name, ArtifactRef ref) {
        WarmModel model = loaded.get(ref.sha256());
        if (model != null) {
            return model;
        }
        // Room first, then the load: loading beside the models to evict would hold one more than max-loaded.
        List<WarmModel> evicted = new ArrayList<>();
        for (Iterator<WarmModel> it = loaded.values().iterator(); loaded.size() >= Math.max(1, maxLoaded); ) {
            evicted.add(it.next());
            it.remove();
        }
        evicted.forEach(WarmModel::close);
        model = load(name, ref);
        loaded.put(ref.sha256(), model);
        return model;
    }

    private WarmModel load(String name, ArtifactRef ref) {
        long started = System.nanoTime();
        try (UnpackedFoundationModel unpacked = files.unpack(ref)) {
            WarmModel model = WarmModel.load(name, unpacked.directory());
            LOG.infof("playground: loaded %s (%s, %d bytes) in %.1f s", name, ref.uri(), ref.size(),
                    (System.nanoTime() - started) / 1e9);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load foundation model " + name + " from " + ref.uri(), e);
        }
    }

    synchronized void closeAll(@Observes ShutdownEvent event) {
        loaded.values().forEach(WarmModel::close);
        loaded.clear();
    }
}
