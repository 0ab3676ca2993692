package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** How the commands show fields of the API's JSON in text. */
final class Fields {

    private Fields() {
    }

    /** A text field, or {@code fallback} when it is missing or null. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    /** An instant as "2026-01-02 10:11:12" (UTC); "-" when missing. */
    static String time(JsonNode node, String field) {
        String value = text(node, field, "-");
        if (value.length() >= 19 && value.charAt(10) == 'T') {
            return value.substring(0, 10) + " " + value.substring(11, 19);
        }
        return value;
    }

    /** A size as "512 B", "20.6 KiB", "1.2 GiB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Whether a training heartbeat counts steps: one sent before they are known (loading, waiting) does not. */
    static boolean countsSteps(JsonNode progress) {
        return progress.path("totalSteps").asLong() > 0;
    }
}
