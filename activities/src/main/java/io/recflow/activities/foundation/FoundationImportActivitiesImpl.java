package io.recflow.activities.foundation;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.sources.InputSources;
import io.recflow.activities.stage.PeriodicHeartbeat;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.ml.llm.LlamaConfig;
import io.recflow.ml.llm.gguf.GgufConverter;
import io.recflow.ml.llm.gguf.GgufException;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.ArtifactRef;
import io.recflow.workflows.Failures;
import io.recflow.workflows.foundation.FoundationImportActivities;
import io.recflow.workflows.foundation.FoundationImportRequest;
import io.recflow.workflows.foundation.FoundationImportResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a foundation model. Everything that can refuse the input — the request, the sha256s, the
 * GGUF's header and every tensor — is checked in a private work folder before anything is stored; only
 * then is the one {@code foundation-model} artifact uploaded and its lineage recorded. The work folder
 * is deleted whatever happens. A name already imported from the same GGUF returns the stored artifact
 * without converting again.
 */
@ApplicationScoped
public class FoundationImportActivitiesImpl implements FoundationImportActivities {

    private static final Logger LOG = Logger.getLogger(FoundationImportActivitiesImpl.class);
    private static final String WORKER = ManagementFactory.getRuntimeMXBean().getName();
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);

    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRecords artifacts;
    @Inject
    FoundationModelRegistry registry;
    @Inject
    InputSources sources;
    @ConfigProperty(name = "recflow.foundation.python", defaultValue = "python3")
    String python;
    @ConfigProperty(name = "recflow.foundation.work-dir")
    Path workDir;

    @Override
    public FoundationImportResult importModel(FoundationImportRequest request) {
        try {
            return importChecked(request);
        } catch (BadInputException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), Failures.BAD_INPUT);
        } catch (PipUnavailableException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), Failures.PIP_UNAVAILABLE);
        }
    }

    private FoundationImportResult importChecked(FoundationImportRequest request) {
        List<String> problems = ImportRequestCheck.problems(request);
        if (!problems.isEmpty()) {
            throw new BadInputException(null, 0, null, String.join("; ", problems));
        }
        Optional<FoundationImportResult> existing = existing(request.name(), ImportRequestCheck.pinnedGgufSha256(request));
        if (existing.isPresent()) {
            LOG.infof("foundation model %s is imported already: %s", request.name(), existing.get().model().uri());
            return existing.get();
        }
        ActivityExecutionContext context = Activity.getExecutionContext();
        long started = System.nanoTime();
        try (WorkFolder work = WorkFolder.create(workDir, request.name() + "-");
             PeriodicHeartbeat heartbeat = PeriodicHeartbeat.start(context, HEARTBEAT_EVERY)) {
            VerifiedGguf gguf = new GgufSources(sources.localFiles(), python).obtain(request, work.path(), heartbeat);
            heartbeat.phase("converting " + gguf.label());
            Path imported = work.resolve("imported");
            LlamaConfig config = convert(gguf, imported);
            heartbeat.phase("archiving");
            Path tar = work.resolve("model.tar");
            ImportedModelTar.write(imported, tar);
            heartbeat.phase("uploading");
            ArtifactRef ref = store.put(ArtifactKind.FOUNDATION_MODEL, tar, Map.of("name", request.name()));
            heartbeat.phase("recording lineage");
            registry.record(new ImportRecord(context.getInfo().getWorkflowId(), context.getInfo().getAttempt(),
                    WORKER, request.name(), ref, gguf.sha256(), metadata(request.name(), config, gguf)));
            LOG.infof("imported foundation model %s from %s in %.1f s: %s (%d bytes)", request.name(), gguf.label(),
                    (System.nanoTime() - started) / 1e9, ref.uri(), ref.size());
            return new FoundationImportResult(request.name(), ref, false);
        } catch (IOException e) {
            throw new UncheckedIOException("importing " + request.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The import already done, if any. The same GGUF under a second name is refused: both names would
     * share one content-addressed artifact, whose lineage metadata can name one source only.
     */
    private Optional<FoundationImportResult> existing(String name, String ggufSha256) {
        registry.findByGguf(ggufSha256).filter(model -> !model.getName().equals(name)).ifPresent(model -> {
            throw new BadInputException(name, 0, "name", "this GGUF (sha256 " + ggufSha256 + ") is imported already as "
                    + model.getName() + "; use that name");
        });
        return registry.find(name).map(model -> {
            if (!model.getGgufSha256().equals(ggufSha256)) {
                throw new BadInputException(name, 0, "name", "is imported already from another GGUF (sha256 "
                        + model.getGgufSha256() + "); import this one under another name");
            }
            ArtifactEntity artifact = artifacts.artifact(model.getArtifactId()).orElseThrow();
            return new FoundationImportResult(name, artifact.toRef(), true);
        });
    }

    /**
     * Converts, turning what is wrong with the GGUF into bad input that names the file: the checks' own
     * {@link GgufException}, and what a header of impossible values makes the conversion throw (no heads, a token
     * id past the vocabulary, a count past 2^31), which a retry would only repeat.
     */
    private static LlamaConfig convert(VerifiedGguf gguf, Path imported) throws IOException {
        try {
            return GgufConverter.convert(gguf.file(), imported);
        } catch (GgufException e) {
            throw new BadInputException(gguf.label(), 0, null, e.getMessage());
        } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BadInputException(gguf.label(), 0, null, "cannot be converted, its header holds impossible"
                    + " values: " + e);
        }
    }

    private static Map<String, Object> metadata(String name, LlamaConfig config, VerifiedGguf gguf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("architecture", "llama");
        m.put("parameters", config.parameterCount());
        m.put("layers", config.layers());
        m.put("hiddenSize", config.hiddenSize());
        m.put("vocabSize", config.vocabSize());
        m.put("contextLength", config.maxPositions());
        m.put("format", "imported-model tar: model.safetensors (fp32), config.json, tokenizer.json,"
                + " tokenizer_config.json");
        m.put("ggufSha256", gguf.sha256());
        m.put("ggufSize", gguf.size());
        m.put("licence", gguf.licence());
        m.putAll(gguf.provenance());
        return m;
    }
}
