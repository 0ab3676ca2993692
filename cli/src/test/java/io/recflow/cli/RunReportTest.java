package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RunReportTest {

    @Test
    void everyComparisonTrainingBesideTheCandidateGetsALineWithWhyItIsRetried() throws Exception {
        JsonNode run = new ObjectMapper().readTree("""
                {"id": "pipeline-1", "model": "movies", "status": "RUNNING", "stages": [
                  {"stage": "ingest", "status": "RUNNING", "attempt": 1, "message": "reading",
                   "progress": {"phase": "", "step": 0, "totalSteps": 0}, "parts": []},
                  {"stage": "fine-tune", "status": "RUNNING", "attempt": 1, "message": "training comparisons lora, full",
                   "progress": {"phase": "finetune", "step": 10, "totalSteps": 40},
                   "parts": [
                     {"part": "comparison lora", "attempt": 1, "progress": {"phase": "finetune", "step": 10, "totalSteps": 40}},
                     {"part": "comparison full", "attempt": 2, "progress": null, "lastFailure": "worker lost"}]}]}
                """);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new RunReport(new PrintStream(text, true, StandardCharsets.UTF_8)).printRun(run);
        String report = text.toString(StandardCharsets.UTF_8);

        // A heartbeat that counts no steps yet leaves the stage's note; with parts, the stage line keeps its note
        // and each part has its own line, with why it is being retried.
        assertTrue(report.matches("(?s).*ingest +RUNNING .* reading\\n.*"), report);
        assertTrue(report.matches("(?s).*fine-tune +RUNNING .* training comparisons lora, full\\n.*"), report);
        assertTrue(report.contains("comparison lora              attempt 1  finetune step 10/40 (25%)\n"), report);
        assertTrue(report.contains("comparison full              attempt 2  no training progress reported yet"
                + "  (retrying: worker lost)\n"), report);
    }
}
