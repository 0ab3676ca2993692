package io.recflow.bootstrap;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Infrastructure a recflow process starts inside itself before Quarkus and stops after it: what
 * {@code recflow.mode=embedded} runs on. Module embedded provides it, and only the launcher's build carries
 * that module; the slim build (the Docker image, cluster mode) has none, so its api finds it through
 * {@link ServiceLoader} instead of depending on it.
 */
public interface InProcessInfrastructure extends AutoCloseable {

    /** The endpoints as config properties: the datasource, {@code recflow.s3.*}, {@code recflow.temporal.target}. */
    Map<String, String> properties();

    /** Where its state lives, absolute. */
    Path dataDir();

    /** Stops everything; idempotent. */
    @Override
    void close();

    /** Starts the infrastructure from the bootstrap settings (data directory, ports, keys). */
    interface Starter {

        InProcessInfrastructure start(BootstrapConfig config);
    }

    /** The starter this build carries, if any. */
    static Optional<Starter> starter() {
        return ServiceLoader.load(Starter.class).findFirst();
    }
}
