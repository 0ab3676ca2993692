package io.recflow.activities.promote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.evaluate.ReportedScores;
import io.recflow.activities.input.BadInputException;
import io.recflow.workflows.spec.PromotionSpec;
import io.recflow.workflows.promote.ModelVersionRef;
import io.recflow.workflows.promote.PromotionVerdict;
import io.recflow.workflows.promote.RegisterRequest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionGateTest {

    private static final String METRIC = "full-ranking/NDCG@10";
    private static final ModelVersionRef CANDIDATE = new ModelVersionRef("movies", 3);
    private static final ModelVersionRef CHAMPION = new ModelVersionRef("movies", 2);
    private static final PromotionSpec DEFAULT = gate(METRIC).build();

    /** A gate on {@code metric} with the defaults, an approval timeout of a minute. */
    private static PromotionSpec.PromotionSpecBuilder gate(String metric) {
        return PromotionSpec.builder().metric(metric).minGain(0.0).requireApproval(false).approvalTimeoutSeconds(60L)
                .significance(PromotionSpec.DEFAULT_SIGNIFICANCE).bootstrapSamples(PromotionSpec.DEFAULT_BOOTSTRAP_SAMPLES);
    }

    /** 100 users: the champion hits every other one; the candidate as given. */
    private static final double[] CHAMPION_VALUES = alternating(100);

    private static double[] alternating(int users) {
        double[] values = new double[users];
        for (int i = 0; i < users; i += 2) {
            values[i] = 1;
        }
        return values;
    }

    /** The candidate = the champion with {@code improved} of its misses turned into hits. */
    private static double[] improvedBy(int improved) {
        double[] values = CHAMPION_VALUES.clone();
        for (int i = 1, n = 0; n < improved; i += 2, n++) {
            values[i] = 1;
        }
        return values;
    }

    private static ReportedScores report(Map<String, Object> champion, double[] candidate, double[] championValues) {
        Map<String, Object> perUser = new LinkedHashMap<>();
        perUser.put("candidate", Map.of(METRIC, candidate));
        if (championValues != null) {
            perUser.put("champion", Map.of(METRIC, championValues));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("perUser", perUser);
        if (champion != null) {
            document.put("champion", champion);
        }
        document.put("paired", Map.of("seed", 7));
        try {
            return ReportedScores.parse(new ObjectMapper().writeValueAsBytes(document));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReportedScores scoredChampion(int version, double[] candidate) {
        return report(Map.of("model", "movies", "version", version, "scored", true), candidate, CHAMPION_VALUES);
    }

    private static PromotionVerdict judge(PromotionSpec policy, double[] candidate, ReportedScores report,
                                          double championRecorded) {
        RegisterRequest request = new RegisterRequest("movies", null, null,
                Map.of(METRIC, Arrays.stream(candidate).average().orElseThrow()), policy);
        return PromotionGate.judge(policy, request, CANDIDATE,
                Optional.of(new PromotionGate.Champion(CHAMPION, Map.of(METRIC, championRecorded))), report);
    }

    @Test
    void aClearPairedGainIsPromotedAndTheReasonSaysTheNumbers() {
        double[] candidate = improvedBy(20);
        PromotionVerdict verdict = judge(DEFAULT, candidate, scoredChampion(2, candidate), 0.9);
        assertTrue(verdict.passes(), verdict.reason());
        assertEquals(0.70, verdict.candidateValue(), 1e-12);
        assertEquals(0.50, verdict.championValue(), 1e-12); // on the same users, not its own recorded 0.9
        assertTrue(verdict.reason().startsWith(METRIC + " on the same 100 users: 0.7000 vs champion movies:2 0.5000,"
                + " gain +0.2000 (95% CI +"), verdict.reason());
        assertTrue(verdict.reason().contains("p = 0.0000 over 2000 resamples"), verdict.reason());
        assertTrue(verdict.reason().endsWith(": promote"), verdict.reason());
    }

    @Test
    void anIdenticalRetrainDoesNotReplaceTheChampion() {
        // The same spec and seed give the same model: gain 0 is no evidence of anything.
        PromotionVerdict verdict = judge(DEFAULT, CHAMPION_VALUES, scoredChampion(2, CHAMPION_VALUES.clone()), 0.5);
        assertFalse(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().contains("gain +0.0000"), verdict.reason());
        assertTrue(verdict.reason().contains("p = 1.0000"), verdict.reason());
        assertTrue(verdict.reason().endsWith("keep the champion (not significant)"), verdict.reason());
    }

    @Test
    void aRunThatTrainedTheChampionsOwnModelSaysSo() {
        RegisterRequest request = new RegisterRequest("movies", null, null, Map.of(METRIC, 0.5), DEFAULT);
        PromotionVerdict verdict = PromotionGate.judge(DEFAULT, request, CHAMPION,
                Optional.of(new PromotionGate.Champion(CHAMPION, Map.of(METRIC, 0.5))),
                scoredChampion(2, CHAMPION_VALUES.clone()));
        assertFalse(verdict.passes(), verdict.reason());
        assertEquals("movies:2 is the champion already: this run trained the very same model", verdict.reason());
    }

    @Test
    void aGainChanceExplainsIsNotSignificant() {
        double[] candidate = improvedBy(2);
        PromotionVerdict verdict = judge(DEFAULT, candidate, scoredChampion(2, candidate), 0.5);
        assertFalse(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().contains("gain +0.0200"), verdict.reason());
        assertTrue(verdict.reason().endsWith("keep the champion (not significant)"), verdict.reason());
    }

    @Test
    void aSignificantGainBelowTheMinimumIsKept() {
        double[] candidate = improvedBy(20);
        PromotionSpec demanding = gate(METRIC).minGain(0.3).bootstrapSamples(500).build();
        PromotionVerdict verdict = judge(demanding, candidate, scoredChampion(2, candidate), 0.5);
        assertFalse(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().contains("over 500 resamples; minimum gain 0.3000"), verdict.reason());
        assertTrue(verdict.reason().endsWith("keep the champion (gain below the minimum)"), verdict.reason());
    }

    @Test
    void withoutAChampionRowTheHeadlineDecidesAndTheReasonSaysWhy() {
        double[] candidate = improvedBy(2);
        ReportedScores notScored = report(Map.of("model", "movies", "version", 2, "scored", false, "reason",
                "the champion was trained on another data set"), candidate, null);
        PromotionVerdict verdict = judge(DEFAULT, candidate, notScored, 0.5);
        assertTrue(verdict.passes(), verdict.reason());
        assertEquals("no paired comparison: the champion was trained on another data set; headline " + METRIC
                + " 0.5200 vs champion movies:2 0.5000 on its own evaluation (minimum gain 0.0000): promote",
                verdict.reason());
    }

    @Test
    void aReportFromBeforeChampionRowsFallsBackToTheHeadline() {
        double[] candidate = improvedBy(2);
        PromotionVerdict verdict = judge(DEFAULT, candidate, report(null, candidate, null), 0.6);
        assertFalse(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().startsWith("no paired comparison: the report has no champion row"),
                verdict.reason());
        assertTrue(verdict.reason().endsWith("keep the champion"), verdict.reason());
    }

    @Test
    void aChampionThatMovedSinceTheEvaluationIsNotPairedWith() {
        double[] candidate = improvedBy(20);
        PromotionVerdict verdict = judge(DEFAULT, candidate, scoredChampion(1, candidate), 0.8);
        assertFalse(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().startsWith("no paired comparison: the evaluation scored champion version 1,"
                + " the champion is now movies:2; headline"), verdict.reason());
    }

    @Test
    void aChampionRowWithoutPerUserValuesIsNotPairedWith() {
        double[] candidate = improvedBy(20);
        ReportedScores noValues = report(Map.of("model", "movies", "version", 2, "scored", true), candidate, null);
        PromotionVerdict verdict = judge(DEFAULT, candidate, noValues, 0.5);
        assertTrue(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().startsWith("no paired comparison: the report has no per-user " + METRIC),
                verdict.reason());
    }

    @Test
    void significanceZeroIsTheHeadlineRuleWhereAnEqualValuePromotes() {
        PromotionSpec off = gate(METRIC).significance(0.0).build();
        PromotionVerdict verdict = judge(off, CHAMPION_VALUES, scoredChampion(2, CHAMPION_VALUES.clone()), 0.5);
        assertTrue(verdict.passes(), verdict.reason());
        assertTrue(verdict.reason().startsWith("significance test off; headline"), verdict.reason());
    }

    @Test
    void theFirstVersionIsPromotedAndAnUnmeasuredMetricIsBadInput() {
        RegisterRequest request = new RegisterRequest("movies", null, null, Map.of(METRIC, 0.4), DEFAULT);
        PromotionVerdict first = PromotionGate.judge(DEFAULT, request, CANDIDATE, Optional.empty(),
                report(null, CHAMPION_VALUES, null));
        assertTrue(first.passes());
        assertNull(first.champion());
        PromotionSpec other = gate("candidates/HR@1").build();
        assertThrows(BadInputException.class, () -> PromotionGate.judge(other, request, CANDIDATE, Optional.empty(),
                report(null, CHAMPION_VALUES, null)));
    }
}
