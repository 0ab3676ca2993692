package io.recflow.activities.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Upstream and downstream questions about an artifact, answered with recursive CTEs over the step edges,
 * bounded by a depth limit.
 */
@ApplicationScoped
@Transactional
public class LineageQueries {

    /** Lineage queries never walk further than this many steps. */
    public static final int MAX_DEPTH = 50;
    /** Nor answer with more nodes than this: the nearest ones, and the graph says it was cut. */
    public static final int MAX_NODES = 2_000;

    @Inject
    EntityManager em;

    /** What the artifact was made from: generating steps, their inputs, and so on, up to {@code depth} steps. */
    public LineageGraph upstream(long artifactId, int depth) {
        return graph(artifactId, LineageGraph.Direction.UPSTREAM, depth);
    }

    /** What was made from the artifact: consuming steps, their outputs, and so on, up to {@code depth} steps. */
    public LineageGraph downstream(long artifactId, int depth) {
        return graph(artifactId, LineageGraph.Direction.DOWNSTREAM, depth);
    }

    public LineageGraph graph(long artifactId, LineageGraph.Direction direction, int depth) {
        int limit = Math.max(0, Math.min(depth, MAX_DEPTH));
        ArtifactEntity root = Optional.ofNullable(em.find(ArtifactEntity.class, artifactId))
                .orElseThrow(() -> new LineageNotFoundException("no artifact " + artifactId));
        boolean up = direction == LineageGraph.Direction.UPSTREAM;
        // Upstream: artifact <-generated- step -used-> input artifact. Downstream: the mirror image.
        String toStep = up ? "generated" : "used";
        String fromStep = up ? "used" : "generated";
        String walk = """
                with recursive walk(artifact_id, depth) as (
                    select cast(:root as bigint), 0
                  union
                    select e2.artifact_id, w.depth + 1
                      from walk w
                      join %1$s e1 on e1.artifact_id = w.artifact_id
                      join %2$s e2 on e2.step_id = e1.step_id
                     where w.depth < :limit
                ),
                nodes as (select artifact_id, min(depth) as depth from walk group by artifact_id),
                steps as (
                    select e1.step_id, min(n.depth) + 1 as depth
                      from %1$s e1 join nodes n on n.artifact_id = e1.artifact_id
                     where n.depth < :limit
                     group by e1.step_id
                )
                """.formatted(toStep, fromStep);
        // The nearest nodes first, and one more than are shown so that a graph cut at MAX_NODES (everything made
        // from a data set used for months) says so: the database stops there instead of sending every row.
        @SuppressWarnings("unchecked")
        List<Object[]> nodeRows = em.createNativeQuery(walk + """
                        select 'artifact', artifact_id, depth from nodes
                        union all
                        select 'step', step_id, depth from steps
                        order by 3, 1, 2
                        limit :rows""")
                .setParameter("root", artifactId).setParameter("limit", limit).setParameter("rows", MAX_NODES + 1)
                .getResultList();
        boolean truncated = nodeRows.size() > MAX_NODES;
        Map<Long, Integer> artifactDepth = new LinkedHashMap<>();
        Map<Long, Integer> stepDepth = new LinkedHashMap<>();
        for (Object[] r : truncated ? nodeRows.subList(0, MAX_NODES) : nodeRows) {
            ("artifact".equals(r[0]) ? artifactDepth : stepDepth)
                    .put(((Number) r[1]).longValue(), ((Number) r[2]).intValue());
        }
        List<Object[]> edgeRows = edgesBetween(stepDepth.keySet(), artifactDepth.keySet());
        Map<Long, ArtifactEntity> artifacts = LineageRows.byId(em, ArtifactEntity.class, artifactDepth.keySet(), ArtifactEntity::getId);
        artifacts.put(root.getId(), root);
        Map<Long, StepEntity> steps = LineageRows.byId(em, StepEntity.class, stepDepth.keySet(), StepEntity::getId);
        Map<String, PipelineRunEntity> runs = em.createQuery("from PipelineRunEntity where id in :ids", PipelineRunEntity.class)
                .setParameter("ids", steps.values().stream().map(StepEntity::getRunId).distinct().toList())
                .getResultStream().collect(Collectors.toMap(PipelineRunEntity::getId, Function.identity()));

        List<LineageGraph.Node> nodes = new ArrayList<>();
        artifactDepth.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> nodes.add(artifactNode(artifacts.get(e.getKey()), e.getValue())));
        stepDepth.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> nodes.add(stepNode(steps.get(e.getKey()), runs, e.getValue())));
        List<LineageGraph.Edge> edges = new ArrayList<>();
        for (Object[] r : edgeRows) {
            String step = LineageGraph.stepNode(((Number) r[1]).longValue());
            String artifact = LineageGraph.artifactNode(((Number) r[2]).longValue());
            edges.add("used".equals(r[0]) ? new LineageGraph.Edge(artifact, step, "used")
                    : new LineageGraph.Edge(step, artifact, "generated"));
        }
        return new LineageGraph(artifactId, direction, limit, nodes, edges, truncated);
    }

    /**
     * Every edge between the steps and the artifacts shown, both kinds: read after the nodes, so a step a running
     * pipeline records in between is not among them, and no edge points at a node the graph does not hold.
     */
    private List<Object[]> edgesBetween(Collection<Long> steps, Collection<Long> artifacts) {
        if (steps.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select 'used', step_id, artifact_id from used
                         where step_id in (:steps) and artifact_id in (:artifacts)
                        union all
                        select 'generated', step_id, artifact_id from generated
                         where step_id in (:steps) and artifact_id in (:artifacts)
                        order by 2, 3, 1""")
                .setParameter("steps", steps).setParameter("artifacts", artifacts).getResultList();
        return rows;
    }

    private static LineageGraph.Node artifactNode(ArtifactEntity a, int depth) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("id", a.getId());
        attrs.put("kind", a.getKind());
        attrs.put("uri", a.getUri());
        attrs.put("sha256", a.getSha256());
        attrs.put("size", a.getSize());
        attrs.put("createdAt", String.valueOf(a.getCreatedAt()));
        attrs.put("metadata", a.getMetadata());
        return new LineageGraph.Node(LineageGraph.artifactNode(a.getId()), "artifact", depth, attrs);
    }

    private static LineageGraph.Node stepNode(StepEntity s, Map<String, PipelineRunEntity> runs, int depth) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("id", s.getId());
        attrs.put("runId", s.getRunId());
        PipelineRunEntity run = runs.get(s.getRunId());
        if (run != null) {
            attrs.put("model", run.getModel());
            attrs.put("runStatus", run.getStatus());
        }
        attrs.put("stage", s.getStage());
        attrs.put("part", s.getPart());
        attrs.put("attempt", s.getAttempt());
        attrs.put("status", s.getStatus());
        attrs.put("worker", s.getWorker());
        attrs.put("device", s.getDevice());
        attrs.put("codeVersion", s.getCodeVersion());
        attrs.put("startedAt", String.valueOf(s.getStartedAt()));
        attrs.put("endedAt", s.getEndedAt() == null ? null : s.getEndedAt().toString());
        return new LineageGraph.Node(LineageGraph.stepNode(s.getId()), "step", depth, attrs);
    }
}
