package io.recflow.embedded;

import java.nio.file.Path;

import io.recflow.bootstrap.BootstrapConfig;
import io.recflow.bootstrap.InProcessInfrastructure;

/** How the launcher starts {@link EmbeddedInfrastructure}: its options from the bootstrap settings. */
public final class EmbeddedInfrastructureStarter implements InProcessInfrastructure.Starter {

    private static final String POSTGRES_PORT = "recflow.embedded.postgres-port";
    private static final String S3_PORT = "recflow.embedded.s3-port";
    private static final String TEMPORAL_PORT = "recflow.embedded.temporal-port";
    /** A path, or {@code test-server}; the launcher sets it (RECFLOW_EMBEDDED_TEMPORAL_CLI). */
    private static final String TEMPORAL_CLI = "recflow.embedded.temporal-cli";
    private static final String TEMPORAL_UI_PORT = "recflow.embedded.temporal-ui-port";
    private static final String S3_ACCESS_KEY = "recflow.s3.access-key";
    private static final String S3_SECRET_KEY = "recflow.s3.secret-key";

    @Override
    public InProcessInfrastructure start(BootstrapConfig config) {
        String cli = config.get(TEMPORAL_CLI, "test-server");
        return EmbeddedInfrastructure.start(new EmbeddedInfrastructure.Options(config.dataDir(),
                config.getInt(POSTGRES_PORT, 0), config.getInt(S3_PORT, 0), config.getInt(TEMPORAL_PORT, 0),
                config.get(S3_ACCESS_KEY, "minioadmin"), config.get(S3_SECRET_KEY, "minioadmin"),
                cli.equals("test-server") ? null : Path.of(cli),
                config.getInt(TEMPORAL_UI_PORT, EmbeddedInfrastructure.Options.DEFAULT_UI_PORT)));
    }
}
