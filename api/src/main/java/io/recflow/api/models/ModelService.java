package io.recflow.api.models;

import io.recflow.api.access.AuditLog;
import io.recflow.api.access.Caller;
import io.recflow.api.access.CurrentCaller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recflow.activities.lineage.AliasMove;
import io.recflow.activities.lineage.ArtifactEntity;
import io.recflow.activities.lineage.ArtifactRecords;
import io.recflow.activities.lineage.StepRecords;
import io.recflow.activities.lineage.ModelRegistry;
import io.recflow.activities.lineage.ModelSummary;
import io.recflow.activities.lineage.ModelVersionEntity;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.requests.ListParameters;
import io.recflow.activities.store.ArtifactStore;
import io.recflow.api.serving.ChampionModels;
import io.recflow.workflows.ArtifactKind;
import io.recflow.workflows.promote.ModelVersionRef;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The registry as users see it, and promotion or rollback by hand. */
@ApplicationScoped
public class ModelService {

    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;
    @Inject
    ModelRegistry registry;
    @Inject
    ArtifactRecords artifactRecords;
    @Inject
    StepRecords stepRecords;
    @Inject
    ChampionModels champions;
    @Inject
    ArtifactStore store;
    @Inject
    ObjectMapper json;

    public List<ModelSummary> list() {
        return registry.models();
    }

    /** A model with its newest {@code limit} versions and alias moves. */
    public ModelView get(String name, int limit) {
        List<ModelVersionView> versions = versions(name, null, limit);
        ModelVersionRef serving = champions.serving(name);
        List<AliasEventView> moves = registry.aliasMoves(name, null, limit).stream().map(AliasEventView::of).toList();
        return new ModelView(name, registry.aliases(name), serving == null ? null : serving.version(),
                registry.versionCount(name), versions, registry.aliasMoveCount(name), moves);
    }

    /** A page of a model's versions, newest first, below version {@code before} when given. */
    public List<ModelVersionView> versions(String name, Integer before, int limit) {
        ListParameters.requireLimit(limit);
        List<ModelVersionEntity> versions = registry.versions(name, before, limit);
        if (versions.isEmpty() && registry.versionCount(name) == 0) {
            throw ProblemException.notFound("there is no model " + name);
        }
        Map<Long, ArtifactEntity> artifacts = artifactRecords.artifacts(
                versions.stream().map(ModelVersionEntity::getArtifactId).toList());
        return versions.stream().map(v -> ModelVersionView.of(v, artifacts.get(v.getArtifactId()))).toList();
    }

    /** A page of the moves of a model's aliases, newest first, older than the move {@code before} when given. */
    public List<AliasEventView> aliasMoves(String name, Long before, int limit) {
        ListParameters.requireLimit(limit);
        List<AliasEventView> moves = registry.aliasMoves(name, before, limit).stream().map(AliasEventView::of).toList();
        if (moves.isEmpty() && registry.versionCount(name) == 0) {
            throw ProblemException.notFound("there is no model " + name);
        }
        return moves;
    }

    public ModelVersionView version(String name, int version) {
        return view(registry.version(name, version).orElseThrow(
                () -> ProblemException.notFound("model " + name + " has no version " + version)));
    }

    /**
     * The evaluation report of the run that produced a version: metrics per model and protocol, and the
     * training loss curves; the per-user values (large) only when asked for.
     */
    public JsonNode report(String name, int version, boolean perUser) {
        ModelVersionEntity registered = registry.version(name, version).orElseThrow(
                () -> ProblemException.notFound("model " + name + " has no version " + version));
        ArtifactEntity report = stepRecords.stepsWithArtifacts(registered.getRunId()).stream()
                .flatMap(step -> step.generated().stream())
                .filter(artifact -> ArtifactKind.EVAL_REPORT.equals(artifact.getKind()))
                .reduce((first, last) -> last)
                .orElseThrow(() -> ProblemException.notFound("no evaluation report is recorded for " + name + ":"
                        + version));
        try {
            ObjectNode document = (ObjectNode) json.readTree(store.getBytes(report.toRef()));
            if (!perUser) {
                document.remove("perUser");
            }
            document.put("artifactId", report.getId());
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves an alias by hand (a promotion or a rollback); the champion is served at once. */
    public AliasMove moveAlias(String name, String alias, AliasRequest request) {
        if (request == null || request.version() == null) {
            throw ProblemException.badRequest("the body must name the version to point the alias at: {\"version\": N,"
                    + " \"reason\": \"...\"}");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw ProblemException.badRequest("reason is required: it goes into the alias's audit log");
        }
        if (!alias.matches("[a-z][a-z0-9-]{0,62}")) {
            throw ProblemException.badRequest("alias must be lower-case letters, digits and '-', at most 63 of them,"
                    + " e.g. champion");
        }
        Caller me = caller.actingAs(request.actor());
        version(name, request.version());
        // One transaction: an alias that moved is never missing from the audit log.
        AliasMove move = QuarkusTransaction.requiringNew().call(() -> {
            AliasMove moved = registry.moveAlias(name, alias, request.version(), me.name(), request.reason());
            audit.record(me, "alias.move", name + ":" + alias, "to version " + request.version() + ": "
                    + request.reason());
            return moved;
        });
        if (ModelRegistry.CHAMPION.equals(alias)) {
            champions.refresh(name);
        }
        return move;
    }

    private ModelVersionView view(ModelVersionEntity version) {
        return ModelVersionView.of(version, artifactRecords.artifact(version.getArtifactId()).orElseThrow());
    }
}
