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
    void everyComparisonTrainingBesideTheCandidateGetsALine() throws Exception {
        JsonNode run = new ObjectMapper().readTree("""
                {"id": "pipeline-1", "model": "movies", "status": "RUNNING", "stages": [
                  {"stage": "fine-tune", "status": "RUNNING", "attempt": 1,
                   "progress": {"phase": "finetune", "step": 10, "totalSteps": 40},
                   "parts": [
                     {"part": "comparison lora", "attempt": 1, "progress": {"phase": "finetune", "step": 10, "totalSteps": 40}},
                     {"part": "comparison full", "attempt": 2, "progress": null, "lastFailure": "worker lost"}]}]}
                """);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        new RunReport(new PrintStream(text, true, StandardCharsets.UTF_8)).printRun(run);
        String report = text.toString(StandardCharsets.UTF_8);

        assertTrue(report.matches("(?s).*fine-tune +RUNNING .* finetune step 10/40 \\(25%\\)\\n.*"), report);
        assertTrue(report.contains("comparison lora              attempt 1  finetune step 10/40 (25%)"), report);
        assertTrue(report.contains("comparison full              attempt 2  no training progress reported yet"),
                report);
    }
}
