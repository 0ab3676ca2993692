package io.recflow.activities.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * What a stored {@code eval-report} says for a paired comparison: which champion version it scored
 * (or why not), every row's per-user values, and the seed of its bootstrap. Reports written before
 * champions were scored read as "no champion row".
 */
public final class ReportedScores {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    private ReportedScores(JsonNode document) {
        this.document = document;
    }

    public static ReportedScores parse(byte[] report) {
        try {
            return new ReportedScores(JSON.readTree(report));
        } catch (IOException e) {
            throw new UncheckedIOException("the evaluation report is not JSON: " + e.getMessage(), e);
        }
    }

    /** The champion version scored as the {@code champion} row, if one was. */
    public Optional<Integer> championVersion() {
        JsonNode champion = document.path(EvaluationReport.CHAMPION);
        return champion.path("scored").asBoolean(false) && champion.path("version").isInt()
                ? Optional.of(champion.get("version").intValue()) : Optional.empty();
    }

    /** Why the champion was not scored, as the evaluation recorded it. */
    public String championNotScoredBecause() {
        JsonNode reason = document.path(EvaluationReport.CHAMPION).path("reason");
        return reason.isTextual() ? reason.asText() : "the report has no champion row (written before champions were"
                + " scored)";
    }

    /** A row's per-user values of {@code metric} ({@code protocol/metric}), aligned with the report's users. */
    public Optional<double[]> perUser(String model, String metric) {
        JsonNode values = document.path(EvaluationReport.PER_USER).path(model).path(metric);
        if (!values.isArray()) {
            return Optional.empty();
        }
        return Optional.of(StreamSupport.stream(values.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray());
    }

    /**
     * The seed of the report's paired comparisons (the run's seed); 0 in reports written before them,
     * which have no champion row to compare with either.
     */
    public long pairedSeed() {
        return document.path(EvaluationReport.PAIRED).path(EvaluationReport.SEED).asLong(0);
    }
}
