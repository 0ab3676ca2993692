package io.recflow.api.serving;

import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.llara.LlmServing;
import io.recflow.ml.recommend.Recommender;
import io.recflow.workflows.promote.ModelVersionRef;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model version that requests lease. A version that is swapped out is closed (its native
 * memory freed) only when the last request using it has returned, so a hot swap fails no request.
 */
final class ServedModel {

    private final ModelVersionRef version;
    private final ItemCatalog catalog;
    private final Recommender recommender;
    private final LlmServing languageModel;
    private final Runnable close;
    /** Leases plus one for being current; the model closes when it drops to zero. */
    private final AtomicInteger references = new AtomicInteger(1);

    /**
     * @param recommender   leaves the history's items out of its rankings, inside its search (a ranking that
     *                      filtered them afterwards would have to ask for more, and could come back short)
     * @param languageModel the recommender again when it is a fine-tuned language model, else null
     * @param close         frees what the model holds
     */
    ServedModel(ModelVersionRef version, ItemCatalog catalog, Recommender recommender, LlmServing languageModel,
                Runnable close) {
        if (!recommender.leavesOutHistory()) {
            throw new IllegalArgumentException("a served model must leave the history out of its rankings");
        }
        this.version = version;
        this.catalog = catalog;
        this.recommender = recommender;
        this.languageModel = languageModel;
        this.close = close;
    }

    public ModelVersionRef version() {
        return version;
    }

    public ItemCatalog catalog() {
        return catalog;
    }

    public Recommender recommender() {
        return recommender;
    }

    /** The model as a language model (LLaRA's generated choice), when it is one. */
    public Optional<LlmServing> languageModel() {
        return Optional.ofNullable(languageModel);
    }

    /** Takes a lease; false when the model was already retired and closed (take the current one again). */
    boolean lease() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a lease, or the "current" reference when the model is retired. */
    void release() {
        if (references.decrementAndGet() == 0) {
            close.run();
        }
    }
}
