package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pipeline runs as text: a list of runs, one run's stages and metrics, and how a run ended. */
final class RunReport {

    private final PrintStream out;

    RunReport(PrintStream out) {
        this.out = out;
    }

    void printList(JsonNode runs) {
        out.printf("%-46s %-14s %-16s %-19s  %s%n", "ID", "MODEL", "STATUS", "STARTED", "MESSAGE");
        for (JsonNode run : runs) {
            out.printf("%-46s %-14s %-16s %-19s  %s%n", run.path("id").asText(), Fields.text(run, "model", "-"),
                    Fields.text(run, "status", "-"), Fields.time(run, "startedAt"), Fields.text(run, "message", ""));
        }
    }

    void printRun(JsonNode run) {
        out.printf("%s  model %s  %s%n", run.path("id").asText(), Fields.text(run, "model", "-"),
                Fields.text(run, "status", "?"));
        out.printf("started %s  ended %s%n", Fields.time(run, "startedAt"), Fields.time(run, "endedAt"));
        if (run.hasNonNull("message") && !run.get("message").asText().isBlank()) {
            out.println("message: " + run.get("message").asText());
        }
        if (run.hasNonNull("historyNote")) {
            out.println("note: " + run.get("historyNote").asText());
        }
        if (run.path("links").hasNonNull("temporalUi")) {
            out.println("workflow history: " + run.path("links").get("temporalUi").asText());
        }
        out.printf("%n  %-10s %-10s %7s %8s  %-8s %-20s %s%n", "STAGE", "STATUS", "ATTEMPT", "SECONDS",
                "DEVICE", "WORKER", "PROGRESS / MESSAGE");
        for (JsonNode stage : run.path("stages")) {
            String detail = Fields.text(stage, "message", "");
            // While its other parts train (comparisons), each gets a line below and the stage keeps its note.
            if (stage.path("status").asText().equals("RUNNING") && stage.path("parts").isEmpty()
                    && Fields.countsSteps(stage.path("progress"))) {
                detail = progressText(stage.get("progress"));
            }
            JsonNode reused = stage.get("reusedFrom");
            if (reused != null && !reused.isNull()) {
                detail = "reused from " + reused.path("runId").asText() + " (step " + reused.path("stepId").asLong()
                        + ")";
            }
            out.printf("  %-10s %-10s %7s %8s  %-8s %-20s %s%n", stage.path("stage").asText(),
                    stage.path("status").asText(), stage.path("attempt").asInt() == 0 ? "-"
                            : String.valueOf(stage.path("attempt").asInt()),
                    stage.hasNonNull("durationMs") ? String.format("%.1f", stage.get("durationMs").asLong() / 1000.0)
                            : "-",
                    Fields.text(stage, "device", "-"), Fields.text(stage, "worker", "-"), detail);
            for (JsonNode part : stage.path("parts")) {  // e.g. the comparisons training beside the candidate
                JsonNode partProgress = part.path("progress");
                String failure = Fields.text(part, "lastFailure", "");
                out.printf("    %-28s attempt %d  %s%s%n", part.path("part").asText(), part.path("attempt").asInt(),
                        Fields.countsSteps(partProgress) ? progressText(partProgress)
                                : "no training progress reported yet",
                        failure.isEmpty() ? "" : "  (retrying: " + failure + ")");
            }
        }
        // The code that ran the stages: one version for a run on one build, several after an upgrade mid-run.
        Set<String> code = new LinkedHashSet<>();
        run.path("stages").forEach(stage -> code.add(Fields.text(stage, "codeVersion", "")));
        code.remove("");
        if (!code.isEmpty()) {
            out.println("  code: " + String.join(", ", code));
        }
        printMetrics(run.get("metrics"));
        out.println();
        printOutcome(run);
    }

    void printOutcome(JsonNode run) {
        out.println(run.path("id").asText() + " " + Fields.text(run, "status", "?")
                + (run.hasNonNull("message") && !run.get("message").asText().isBlank()
                ? ": " + run.get("message").asText() : ""));
        JsonNode version = run.get("modelVersion");
        if (version != null && !version.isNull()) {
            out.println("model version: " + version.path("name").asText() + ":" + version.path("version").asInt());
        }
        JsonNode promotion = run.get("promotion");
        if (promotion != null && !promotion.isNull()) {
            out.println("promotion: " + (promotion.path("promoted").asBoolean() ? "promoted to champion"
                    : "not promoted") + (promotion.hasNonNull("reason") ? " (" + promotion.get("reason").asText() + ")"
                    : ""));
        }
    }

    private void printMetrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject() || metrics.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        metrics.elements().next().fieldNames().forEachRemaining(name -> {
            if (!name.endsWith("-std") && !name.endsWith("ValidRatio")) {
                columns.add(name);
            }
        });
        out.printf("%nmetrics%n  %-12s", "MODEL");
        columns.forEach(c -> out.printf(" %18s", c));
        out.println();
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            out.printf("  %-12s", model.getKey());
            columns.forEach(c -> out.printf(" %18.4f", model.getValue().path(c).asDouble(Double.NaN)));
            out.println();
        }
    }

    /** A training heartbeat as "finetune step 40/200 (20%)". */
    private static String progressText(JsonNode progress) {
        long step = progress.path("step").asLong();
        long total = Math.max(1, progress.path("totalSteps").asLong());
        return String.format("%s step %d/%d (%d%%)", progress.path("phase").asText(), step, total, 100 * step / total);
    }
}
