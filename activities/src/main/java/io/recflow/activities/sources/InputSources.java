package io.recflow.activities.sources;

import io.recflow.activities.datasets.SourceResolver;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.activities.store.S3ObjectFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a request may name input: {@code file://} under {@code recflow.ingest.allowed-roots} but not under
 * {@code recflow.ingest.private-paths} (the platform's own state, which the default root holds), and
 * {@code s3://} on the artifact store's endpoint. The one place that wires {@link SourceResolver}, so the
 * API's check at submit and the activities that read the input apply the same rules.
 */
@ApplicationScoped
public class InputSources {

    @Inject
    ArtifactStore store;
    @ConfigProperty(name = "recflow.ingest.allowed-roots")
    List<Path> allowedRoots;
    @ConfigProperty(name = "recflow.ingest.private-paths")
    List<Path> privatePaths;

    /** Data sets, item files, given codes: local files and S3 objects. */
    public SourceResolver data() {
        return new SourceResolver(allowedRoots, privatePaths, new S3ObjectFetcher(store));
    }

    /** Files read in place, such as a foundation model's GGUF: local files only. */
    public SourceResolver localFiles() {
        return new SourceResolver(allowedRoots, privatePaths, null);
    }
}
