package io.recflow.api.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

/** Which task queues this process works on; an api-only process lists none. */
@ConfigMapping(prefix = "recflow.worker")
public interface WorkerConfig {

    /** {@code cpu} (workflows and light stages) and/or {@code gpu} (fine-tuning); {@code none} for api only. */
    @WithDefault("cpu,gpu")
    Set<String> queues();

    /** Fine-tuning runs one at a time per worker: it uses every core (or the GPU) it is given. */
    @WithDefault("1")
    int maxConcurrentTrainings();

    @WithDefault("4")
    int maxConcurrentActivities();
}
