package io.recflow.api.serving;

import io.recflow.activities.model.ModelBundle;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.recommend.Recommender;
import io.recflow.workflows.promote.ModelVersionRef;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model version that requests lease. A version that is swapped out is closed (its native
 * memory freed) only when the last request using it has returned, so a hot swap fails no request.
 */
public final class ServedModel {

    private final ModelVersionRef version;
    private final ModelBundle bundle;
    private final ItemCatalog catalog;
    private final Recommender recommender;
    /** Leases plus one for being current; the model closes when it drops to zero. */
    private final AtomicInteger references = new AtomicInteger(1);

    ServedModel(ModelVersionRef version, ModelBundle bundle, ItemCatalog catalog, int beam) {
        this.version = version;
        this.bundle = bundle;
        this.catalog = catalog;
        this.recommender = bundle.recommender(beam);
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
            bundle.close();
        }
    }
}
