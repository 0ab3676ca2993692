package io.recflow.tests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads recflow's lineage tables in PostgreSQL directly (what the REST API summarises). */
final class Lineage {

    private Lineage() {
    }

    /**
     * One attempt of one stage of a run.
     *
     * @param part which of the stage's activities: '' for the stage's own, e.g. "comparison lora" beside it
     */
    record Step(long id, String stage, int attempt, String status, String worker, Instant startedAt, Instant endedAt,
                String part) {
    }

    /** An artifact a step used or generated. */
    record Artifact(long id, String kind, String uri, String sha256, long size, String phase, long step) {
    }

    static List<Step> steps(String runId) {
        return query("select id, stage, attempt, status, worker, started_at, ended_at, part from step where run_id = ?"
                + " order by id", rs -> new Step(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getString(8)), runId);
    }

    static List<Artifact> generated(long stepId) {
        return artifacts("generated", stepId);
    }

    static List<Artifact> used(long stepId) {
        return artifacts("used", stepId);
    }

    private static List<Artifact> artifacts(String edge, long stepId) {
        return query("select a.id, a.kind, a.uri, a.sha256, a.size, a.metadata->>'phase',"
                + " coalesce((a.metadata->>'step')::bigint, -1) from " + edge + " e join artifact a on a.id = e.artifact_id"
                + " where e.step_id = ? order by a.id", rs -> new Artifact(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getLong(7)), stepId);
    }

    /** Every artifact any step of the run used or generated. */
    static List<Artifact> artifactsOfRun(String runId) {
        return query("select distinct a.id, a.kind, a.uri, a.sha256, a.size, a.metadata->>'phase', -1::bigint"
                + " from step s join (select step_id, artifact_id from used union select step_id, artifact_id"
                + " from generated) e on e.step_id = s.id join artifact a on a.id = e.artifact_id where s.run_id = ?"
                + " order by a.id", rs -> new Artifact(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getLong(5), rs.getString(6), rs.getLong(7)), runId);
    }

    static String runStatus(String runId) {
        List<String> status = query("select status from pipeline_run where id = ?", rs -> rs.getString(1), runId);
        return status.isEmpty() ? null : status.get(0);
    }

    /** The latest lineage write of a run: a step row started or ended. */
    static Instant lastActivity(String runId) {
        List<Instant> last = query("select max(greatest(started_at, coalesce(ended_at, started_at))) from step"
                + " where run_id = ?", rs -> instant(rs.getTimestamp(1)), runId);
        return last.isEmpty() ? null : last.get(0);
    }

    static long count(String sql, Object... args) {
        return query(sql, rs -> rs.getLong(1), args).get(0);
    }

    /** Duplicate rows a retried or repeated write could leave: by natural key, over the run's rows. */
    static Map<String, Long> duplicates(String runId) {
        Map<String, Long> found = new LinkedHashMap<>();
        found.put("step (stage, attempt)", count("select count(*) from (select stage, attempt from step where run_id = ?"
                + " group by stage, attempt having count(*) > 1) d", runId));
        found.put("artifact uri", count("select count(*) from (select a.uri from artifact a group by a.uri"
                + " having count(*) > 1) d"));
        found.put("model_version of run", Math.max(0, count("select count(*) from model_version where run_id = ?",
                runId) - 1));
        found.put("completed steps per stage", count("select count(*) from (select stage from step where run_id = ?"
                + " and status = 'COMPLETED' group by stage having count(*) > 1) d", runId));
        return found;
    }

    /** None of the {@link #duplicates} a retried or repeated write could leave. */
    static void assertNoDuplicates(String runId) {
        Map<String, Long> duplicates = duplicates(runId);
        assertTrue(duplicates.values().stream().allMatch(n -> n == 0), "duplicates: " + duplicates);
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    static <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (Connection connection = DriverManager.getConnection(E2e.JDBC_URL, E2e.DB_USER, E2e.DB_PASSWORD);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("lineage query failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
