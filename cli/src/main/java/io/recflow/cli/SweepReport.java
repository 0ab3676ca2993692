package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A sweep as text: its table, its list, and a line per child whose status changed while watching. */
final class SweepReport {

    private final PrintStream out;

    SweepReport(PrintStream out) {
        this.out = out;
    }

    void printSweep(JsonNode sweep) {
        String selectBy = Fields.text(sweep, "selectBy", "?");
        out.println(Fields.text(sweep, "id", "?") + "  " + Fields.text(sweep, "status", "?") + "  model "
                + Fields.text(sweep, "model", "?") + ", " + sweep.path("maxParallel").asInt() + " at a time");
        if (sweep.hasNonNull("message")) {
            out.println(sweep.get("message").asText());
        }
        if (sweep.hasNonNull("note")) {
            out.println("note: " + sweep.get("note").asText());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "run", "changes", "status", "valid " + selectBy, "test " + selectBy});
        String best = Fields.text(sweep, "best", "");
        for (JsonNode child : sweep.path("children")) {
            rows.add(new String[] {child.path("runId").asText().equals(best) ? "*" : "", child.path("runId").asText(),
                    overrides(child), Fields.text(child, "status", "?"), number(child.path("validation").path(selectBy)),
                    number(child.path("test").path(selectBy))});
        }
        printTable(rows);
        if (!best.isEmpty()) {
            out.println("* offered to promotion (best validation " + selectBy + ")");
        }
    }

    void printList(JsonNode sweeps) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "status", "model", "children", "started", "by"});
        for (JsonNode sweep : sweeps) {
            rows.add(new String[] {sweep.path("id").asText(), Fields.text(sweep, "status", "?"),
                    Fields.text(sweep, "model", ""), String.valueOf(sweep.path("children").asInt()),
                    Fields.time(sweep, "startedAt"), Fields.text(sweep, "startedBy", "")});
        }
        printTable(rows);
    }

    /** A line for every child whose status is not what {@code seen} last recorded. */
    void printChanges(JsonNode sweep, Map<String, String> seen) {
        String selectBy = Fields.text(sweep, "selectBy", "?");
        for (JsonNode child : sweep.path("children")) {
            String id = child.path("runId").asText();
            String status = Fields.text(child, "status", "?");
            if (!status.equals(seen.put(id, status))) {
                String numbers = child.path("validation").has(selectBy) ? "  valid " + selectBy + " "
                        + number(child.path("validation").path(selectBy)) : "";
                out.println(id + "  " + overrides(child) + "  " + status + numbers);
            }
        }
    }

    private static String overrides(JsonNode child) {
        List<String> changes = new ArrayList<>();
        child.path("overrides").fields().forEachRemaining(f -> changes.add(f.getKey() + "=" + f.getValue()));
        return String.join(" ", changes);
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : "-";
    }

    private void printTable(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // Padded by hand: a column of empty cells (no best yet) has width 0, which %-0s refuses.
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length()))
                        .append(i + 1 < row.length ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
