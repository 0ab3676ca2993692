package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StageWatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBarNamesTheComparisonItFollowsAndListsTheOthers() throws Exception {
        // What the view shows while a candidate loads (a heartbeat without steps: no bar), then trains, then
        // while two comparisons train after it: the first one's heartbeat is also the stage's progress; the second
        // has not reported a step yet, then it has.
        String lora = """
                {"part": "comparison lora", "attempt": 1,
                 "progress": {"phase": "finetune", "step": 5, "totalSteps": 10, "loss": 0.5}}""";
        List<JsonNode> polls = List.of(
                run("RUNNING", "RUNNING", """
                        {"phase": "", "step": 0, "totalSteps": 0, "loss": 0}""", "[]"),
                run("RUNNING", "RUNNING", """
                        {"phase": "finetune", "step": 9, "totalSteps": 10, "loss": 0.25}""", "[]"),
                run("RUNNING", "RUNNING", """
                        {"phase": "finetune", "step": 5, "totalSteps": 10, "loss": 0.5}""",
                        "[" + lora + ", {\"part\": \"comparison full\", \"attempt\": 1, \"progress\": null}]"),
                run("RUNNING", "RUNNING", """
                        {"phase": "finetune", "step": 5, "totalSteps": 10, "loss": 0.5}""",
                        "[" + lora + ", {\"part\": \"comparison full\", \"attempt\": 1, \"progress\": "
                                + "{\"phase\": \"finetune\", \"step\": 3, \"totalSteps\": 10, \"loss\": 0.75}}]"),
                run("COMPLETED", "COMPLETED", "null", "[]"));
        Iterator<JsonNode> next = polls.iterator();
        ByteArrayOutputStream text = new ByteArrayOutputStream();

        new StageWatcher(new PrintStream(text, true, StandardCharsets.UTF_8)).watch(next::next);

        // Not a terminal here: a line whenever the bar reaches another tenth or follows another activity.
        List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("  fine-tune  finetune  [###########################...]  90%  step 9/10  loss 0.2500",
                lines.get(0));
        assertEquals("  fine-tune  comparison lora finetune [###############...............]  50%  step 5/10  "
                + "loss 0.5000  | comparison full starting", lines.get(1));
        assertEquals("  fine-tune  done         0.0 s  attempt 1 on -  ", lines.get(2), String.join("\n", lines));
        assertEquals(3, lines.size(), String.join("\n", lines));
    }

    private static JsonNode run(String runStatus, String stageStatus, String progress, String parts)
            throws Exception {
        return JSON.readTree("""
                {"id": "pipeline-1", "status": "%s", "stages": [
                  {"stage": "fine-tune", "status": "%s", "attempt": 1, "progress": %s, "parts": %s}]}
                """.formatted(runStatus, stageStatus, progress, parts));
    }
}
