package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints a run's stages as they progress: a line when a stage finishes, and a progress bar for the
 * stage that is training (redrawn in place on a terminal, a line every 10% elsewhere). Used by
 * {@code recflow demo} and by the client's {@code recflow pipeline watch}.
 */
public final class StageWatcher {

    private static final int BAR = 30;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private final Map<String, String> printed = new HashMap<>();
    private int lastDecile = -1;
    private boolean barShown;

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
        if (status.equals("RUNNING") && stage.hasNonNull("progress")) {
            bar(name, stage.get("progress"));
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

    private void bar(String stage, JsonNode progress) {
        long step = progress.get("step").asLong();
        long total = Math.max(1, progress.get("totalSteps").asLong());
        int percent = (int) (100 * step / total);
        double loss = progress.get("loss").asDouble(Double.NaN);
        String line = String.format("  %-10s %-9s [%s%s] %3d%%  step %d/%d%s", stage,
                progress.get("phase").asText(), "#".repeat(BAR * percent / 100), ".".repeat(BAR - BAR * percent / 100),
                percent, step, total, Double.isFinite(loss) ? String.format("  loss %.4f", loss) : "");
        if (terminal) {
            out.print("\r" + line);
            barShown = true;
        } else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            out.println(line);
        }
    }

    private void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
        lastDecile = -1;
    }
}
