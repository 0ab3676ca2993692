package io.recflow.api.foundation;

import io.recflow.api.access.AuditLog;
import io.recflow.api.access.CurrentCaller;
import io.recflow.activities.foundation.FoundationModelEntity;
import io.recflow.activities.foundation.FoundationModelRegistry;
import io.recflow.activities.foundation.ImportRequestCheck;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.sources.InputUriCheck;
import io.recflow.workflows.foundation.FoundationImportRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Foundation models: import (through the import workflow), list, inspect, and generate in the
 * playground. A model already imported from the same GGUF is answered at once, with nothing started.
 */
@ApplicationScoped
public class FoundationModelService {

    private static final int DEFAULT_MAX_TOKENS = 20;
    private static final int MAX_TOKENS = 256;
    private static final int MAX_PROMPT_CHARS = 8_000;

    @Inject
    FoundationModelRegistry registry;
    @Inject
    ArtifactRecords artifacts;
    @Inject
    FoundationImports imports;
    @Inject
    PlaygroundModels playground;
    @Inject
    InputUriCheck inputUris;
    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;

    public ImportOutcome importModel(FoundationImportRequest request) {
        List<String> problems = ImportRequestCheck.problems(request);
        if (problems.isEmpty() && !request.fromCatalogue()) {  // a well-formed file:// URI: is it under the roots?
            problems = inputUris.localFileProblems("uri", request.uri());
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("the import request is invalid: " + problems.size() + " problem(s)",
                    problems);
        }
        String ggufSha256 = ImportRequestCheck.pinnedGgufSha256(request);
        FoundationModelEntity existing = registry.find(request.name()).orElse(null);
        if (existing != null) {
            if (!existing.getGgufSha256().equals(ggufSha256)) {
                throw ProblemException.conflict(request.name() + " is imported already from another GGUF (sha256 "
                        + existing.getGgufSha256() + "); import this one under another name");
            }
            return new ImportOutcome(view(existing), false);
        }
        registry.findByGguf(ggufSha256).ifPresent(other -> {
            throw ProblemException.conflict("this GGUF (sha256 " + ggufSha256 + ") is imported already as "
                    + other.getName() + "; use that name");
        });
        FoundationImports.Started started = imports.start(request, ggufSha256);
        if (started.started()) {  // a request that joined a running import of the same GGUF started nothing
            audit.record(caller.get(), "foundation.import", "foundation-model:" + request.name(),
                    request.fromCatalogue() ? "from the catalogue" : request.uri());
        }
        return new ImportOutcome(FoundationModelView.pending(request.name(),
                new ImportState(started.workflowId(), FoundationModelView.IMPORTING, null)), true);
    }

    public List<FoundationModelView> list() {
        return registry.list().stream().map(this::view).toList();
    }

    /** The imported model, or where its import stands. */
    public FoundationModelView get(String name) {
        return registry.find(name).map(this::view)
                .or(() -> imports.unfinished(name).map(state -> FoundationModelView.pending(name, state)))
                .orElseThrow(() -> ProblemException.notFound("there is no foundation model " + name
                        + "; import it with POST /api/v1/foundation-models"));
    }

    public Generation generate(String name, GenerateRequest request) {
        if (request == null || request.prompt() == null || request.prompt().isEmpty()) {
            throw ProblemException.badRequest("prompt is required: {\"prompt\": \"The capital of France is\","
                    + " \"maxTokens\": 20}");
        }
        if (request.prompt().length() > MAX_PROMPT_CHARS) {
            throw ProblemException.badRequest("prompt must be at most " + MAX_PROMPT_CHARS + " characters");
        }
        int maxTokens = request.maxTokens() == null ? DEFAULT_MAX_TOKENS : request.maxTokens();
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw ProblemException.badRequest("maxTokens must be in 1.." + MAX_TOKENS);
        }
        FoundationModelEntity model = registry.find(name).orElseThrow(() -> notImported(name));
        return playground.generate(name, artifact(model).toRef(), request.prompt(), maxTokens);
    }

    /** Why {@code name} cannot answer yet: its import is running (409), failed (409, why) or never started (404). */
    private ProblemException notImported(String name) {
        return imports.unfinished(name).map(state -> FoundationModelView.IMPORTING.equals(state.status())
                        ? ProblemException.conflict(name + " is still importing; it answers once GET "
                                + "/api/v1/foundation-models/" + name + " says IMPORTED")
                        : ProblemException.conflict(name + " did not import (" + state.message()
                                + "); import it again with POST /api/v1/foundation-models"))
                .orElseGet(() -> ProblemException.notFound("there is no imported foundation model " + name));
    }

    private FoundationModelView view(FoundationModelEntity model) {
        return FoundationModelView.imported(model, artifact(model));
    }

    private ArtifactEntity artifact(FoundationModelEntity model) {
        return artifacts.artifact(model.getArtifactId()).orElseThrow();
    }
}
