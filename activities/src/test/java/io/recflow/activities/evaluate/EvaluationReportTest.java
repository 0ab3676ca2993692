package io.recflow.activities.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.ml.evaluation.ProtocolResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationReportTest {

    private static final List<String> USERS = List.of("u1", "u2", "u3", "u4");

    private static ProtocolResult hits(double... values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        return new ProtocolResult("candidates", Map.of("HR@1", mean), USERS, Map.of("HR@1", values));
    }

    private static EvaluationReport report() {
        EvaluationReport report = new EvaluationReport(USERS, Map.of("finetune", List.of(1.0, 0.5)));
        report.add("candidate", hits(1, 1, 1, 0));
        report.add("popularity", hits(0, 0, 0, 0));
        report.add("champion", hits(1, 1, 0, 0));
        return report;
    }

    @Test
    void theCandidateIsComparedPairwiseWithEveryOtherRowAndTheOldKeysStay() throws Exception {
        EvaluationReport report = report();
        report.champion(ChampionScoring.scored("movies", 4));
        JsonNode json = new ObjectMapper().readTree(report.toJson(7));

        assertEquals(List.of("metrics", "users", "perUser", "lossCurves", "adapters", "champion", "paired"),
                names(json.fieldNames()));
        assertEquals(0.75, json.at("/metrics/candidate/candidates~1HR@1").asDouble());
        JsonNode paired = json.get("paired");
        assertEquals(2000, paired.get("samples").asInt());
        assertEquals(0.95, paired.get("confidence").asDouble());
        assertEquals(7, paired.get("seed").asLong());
        assertEquals(List.of("popularity", "champion"), names(paired.get("candidateVs").fieldNames()));
        JsonNode vsPopularity = paired.at("/candidateVs/popularity/candidates~1HR@1");
        assertEquals(0.75, vsPopularity.get("difference").asDouble(), 1e-12);
        assertTrue(vsPopularity.get("low").asDouble() <= 0.75 && vsPopularity.get("high").asDouble() <= 1.0);
        assertEquals(0.0, vsPopularity.get("p").asDouble(), 0.01);
        assertEquals(0.25, paired.at("/candidateVs/champion/candidates~1HR@1/difference").asDouble(), 1e-12);
        assertEquals("{\"model\":\"movies\",\"version\":4,\"scored\":true}", json.get("champion").toString());
    }

    @Test
    void promotionReadsTheChampionRowBackFromTheReport() {
        EvaluationReport report = report();
        report.champion(ChampionScoring.scored("movies", 4));
        ReportedScores scores = ReportedScores.parse(report.toJson(7));
        assertEquals(4, scores.championVersion().orElseThrow());
        assertArrayEquals(new double[]{1, 1, 0, 0}, scores.perUser("champion", "candidates/HR@1").orElseThrow());
        assertFalse(scores.perUser("champion", "full-ranking/NDCG@10").isPresent());
        assertEquals(7, scores.pairedSeed());
    }

    @Test
    void aSkippedChampionSaysWhy() {
        EvaluationReport report = new EvaluationReport(USERS, Map.of());
        report.add("candidate", hits(1, 1, 1, 0));
        report.champion(ChampionScoring.skipped("movies", 2, "trained on another data set"));
        ReportedScores scores = ReportedScores.parse(report.toJson(1));
        assertTrue(scores.championVersion().isEmpty());
        assertEquals("trained on another data set", scores.championNotScoredBecause());
    }

    private static List<String> names(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
