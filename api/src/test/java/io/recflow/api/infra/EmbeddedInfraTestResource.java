package io.recflow.api.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.recflow.embedded.EmbeddedInfrastructure;
import io.recflow.embedded.PinnedTemporalCli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starts the embedded infrastructure (PostgreSQL, s3proxy, Temporal's dev server from the pinned CLI) in a fresh
 * temporary data directory for {@code @QuarkusTest}s and hands Quarkus its endpoints; deletes it afterwards.
 * Set {@code -Drecflow.test.keep-data=true} to keep the directory for inspection.
 */
public class EmbeddedInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedInfrastructure infra;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("recflow-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // S3 credentials no word could match by chance, so SecretsStayOutTest can look for them in the logs.
        String nonce = UUID.randomUUID().toString().replace("-", "");
        // The dev server users run, not the in-memory test server: that one wedges a run whose cancellation
        // crosses an activity's completion (temporalio/sdk-java#2391), which a real server takes in its stride.
        Path temporalCli = PinnedTemporalCli.obtain(Path.of("..", "infra"));
        infra = EmbeddedInfrastructure.start(EmbeddedInfrastructure.Options.defaults(dataDir)
                .withS3Keys("access" + nonce.substring(0, 12), "secret" + nonce)
                .withTemporalDevServer(temporalCli, EmbeddedInfrastructure.freePort()));
        System.out.println("[recflow] embedded infrastructure for tests: " + infra.timings());
        Map<String, String> config = new HashMap<>(infra.properties());
        config.put("recflow.mode", "embedded");
        config.put("recflow.data-dir", dataDir.toString());
        return config;
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
        if (dataDir != null && !Boolean.getBoolean("recflow.test.keep-data")) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
