package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints a run's stages as they progress: a line when a stage finishes, and a progress bar for the
 * stage that is training (redrawn in place on a terminal, a line every 10% elsewhere). While a stage's other
 * activities train (the comparison adapters, after the candidate), the bar is the first of them that reports
 * progress, named, and the others follow on its line with how far each is. Used by {@code recflow demo} and by
 * the client's {@code recflow pipeline watch}.
 */
public final class StageWatcher {

    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final Map<String, String> printed = new HashMap<>();
    private String lastTenth = "";  // whose bar and which tenth of it was printed last
    private int barLength;

    public StageWatcher(PrintStream out) {
        this.out = out;
    }

    /** Polls until the run is finished or waits for approval; returns its last state. */
    public JsonNode watch(Supplier<JsonNode> poll) throws InterruptedException {
        while (true) {
            JsonNode run = poll.get();
            for (JsonNode stage : run.get("stages")) {
                show(stage);
            }
            String status = run.get("status").asText();
            if (!status.equals("RUNNING")) {
                endBar();
                return run;
            }
            Thread.sleep(500);
        }
    }

    private void show(JsonNode stage) {
        String name = stage.get("stage").asText();
        String status = stage.get("status").asText();
        if (status.equals("RUNNING")) {
            bar(name, stage);
        }
        if (status.equals(printed.get(name)) || status.equals("PENDING") || status.equals("RUNNING")) {
            return;
        }
        endBar();
        printed.put(name, status);
        String mark = status.equals("COMPLETED") ? "done" : status.toLowerCase();
        double seconds = stage.path("durationMs").asLong(0) / 1000.0;
        out.printf("  %-10s %-9s %6.1f s  attempt %d on %s  %s%n", name, mark, seconds, stage.path("attempt").asInt(),
                stage.path("device").asText("-"), stage.path("message").asText(""));
    }

    private void bar(String name, JsonNode stage) {
        JsonNode progress = stage.path("progress");
        String owner = "";
        StringBuilder beside = new StringBuilder();
        for (JsonNode part : stage.path("parts")) {  // as the console does: its parts, when it has any
            JsonNode partProgress = part.path("progress");
            if (owner.isEmpty() && Fields.countsSteps(partProgress)) {
                progress = partProgress;
                owner = part.path("part").asText() + " ";
            } else {
                beside.append("  | ").append(part.path("part").asText()).append(Fields.countsSteps(partProgress)
                        ? String.format(" %d%%", percent(partProgress)) : " starting");
            }
        }
        if (!Fields.countsSteps(progress)) {
            return;
        }
        int percent = percent(progress);
        double loss = progress.path("loss").asDouble(Double.NaN);
        String line = String.format("  %-10s %-9s [%s%s] %3d%%  step %d/%d%s%s", name,
                owner + progress.path("phase").asText(), "#".repeat(BAR * percent / 100),
                ".".repeat(BAR - BAR * percent / 100), percent, progress.get("step").asLong(),
                progress.get("totalSteps").asLong(), Double.isFinite(loss) ? String.format("  loss %.4f", loss) : "",
                beside);
        if (terminal) {
            // Blanks over what a longer line drawn before left behind.
            out.print("\r" + line + " ".repeat(Math.max(0, barLength - line.length())));
            barLength = line.length();
        } else if (!(owner + percent / 10).equals(lastTenth)) {
            lastTenth = owner + percent / 10;
            out.println(line);
        }
    }

    private static int percent(JsonNode progress) {
        long total = Math.max(1, progress.path("totalSteps").asLong());
        return (int) (100 * progress.path("step").asLong() / total);
    }

    private void endBar() {
        if (barLength > 0) {
            out.println();
            barLength = 0;
        }
        lastTenth = "";
    }
}
