package io.recflow.activities.datasets;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Small parsing helpers that report into {@link Problems}. */
final class Fields {

    private Fields() {
    }

    /** Splits on a single character, keeping empty fields (also trailing ones). */
    static String[] split(String line, char sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == sep) {
                parts.add(line.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(line.substring(start));
        return parts.toArray(String[]::new);
    }

    /** Splits on a separator string, keeping empty fields. */
    static String[] split(String line, String sep) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = line.indexOf(sep, start)) >= 0) {
            parts.add(line.substring(start, at));
            start = at + sep.length();
        }
        parts.add(line.substring(start));
        return parts.toArray(String[]::new);
    }

    /** Splits a space-separated id list ("1 2 3"); empty or blank text is the empty list. */
    static List<String> ids(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.trim().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static String quote(String value) {
        String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return "\"" + v + "\"";
    }

    /**
     * A header as problems show it: its names, the first {@value #HEADER_NAMES_SHOWN} and a count of the rest when it
     * is wider (a file of thousands of feature columns would otherwise repeat them all in every problem).
     */
    static String header(List<String> names) {
        if (names.size() <= HEADER_NAMES_SHOWN) {
            return names.stream().map(Fields::shortName).toList().toString();
        }
        return names.subList(0, HEADER_NAMES_SHOWN).stream().map(Fields::shortName).toList().toString()
                .replaceFirst("]$", ", ... " + (names.size() - HEADER_NAMES_SHOWN) + " more (" + names.size()
                        + " columns)]");
    }

    private static final int HEADER_NAMES_SHOWN = 20;

    private static String shortName(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    /** A non-empty id; reports and returns null when empty. */
    static String id(String value, Problems problems, String file, long line, String field) {
        String v = value.trim();
        if (v.isEmpty()) {
            problems.add(file, line, field, "is empty");
            return null;
        }
        return v;
    }

    /** An integer id (MovieLens-style formats); reports and returns null when not an integer. */
    static String intId(String value, Problems problems, String file, long line, String field) {
        String v = value.trim();
        if (v.isEmpty()) {
            problems.add(file, line, field, "is empty");
            return null;
        }
        try {
            Long.parseLong(v);
            return v;
        } catch (NumberFormatException e) {
            problems.add(file, line, field, "not an integer: " + quote(v));
            return null;
        }
    }

    /** An integer; reports and returns {@code Long.MIN_VALUE} when not one. */
    static long integer(String value, Problems problems, String file, long line, String field) {
        String v = value.trim();
        try {
            return notTheMarker(Long.parseLong(v), v, problems, file, line, field);
        } catch (NumberFormatException e) {
            problems.add(file, line, field, v.isEmpty() ? "is empty" : "not an integer: " + quote(v));
            return Long.MIN_VALUE;
        }
    }

    /**
     * {@code parsed}, which callers take for "not a number" when it is {@code Long.MIN_VALUE}: that one value is
     * reported too, or its row would be dropped without a word.
     */
    private static long notTheMarker(long parsed, String v, Problems problems, String file, long line, String field) {
        if (parsed == Long.MIN_VALUE) {
            problems.add(file, line, field, "out of range: " + quote(v));
        }
        return parsed;
    }

    /** A number (a rating); reports when it is not one. */
    static void number(String value, Problems problems, String file, long line, String field) {
        String v = value.trim();
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d) || v.endsWith("d") || v.endsWith("f")
                    || v.endsWith("D") || v.endsWith("F")) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems.add(file, line, field, v.isEmpty() ? "is empty" : "not a number: " + quote(v));
        }
    }

    /**
     * A timestamp: an integer (epoch seconds, or any monotone integer clock), taken as it is, or an ISO-8601
     * instant / offset date-time, as epoch milliseconds ({@link TimestampForms}, which is told which form it was).
     * Reports and returns {@code Long.MIN_VALUE}.
     */
    static long timestamp(String value, TimestampForms forms, Problems problems, String file, long line,
                          String field) {
        String v = value.trim();
        try {
            long t = notTheMarker(Long.parseLong(v), v, problems, file, line, field);
            forms.integer(problems, file, line, field);
            return t;
        } catch (NumberFormatException e) {
            // fall through
        }
        if (v.length() >= 10 && Character.isDigit(v.charAt(0)) && v.indexOf('-') > 0) {
            try {
                long t = isoInstant(v).toEpochMilli();
                forms.iso(problems, file, line, field);
                return t;
            } catch (DateTimeParseException e) {
                // fall through
            } catch (ArithmeticException e) {
                problems.add(file, line, field, "out of range: " + quote(v) + " (as epoch milliseconds)");
                return Long.MIN_VALUE;
            }
        }
        problems.add(file, line, field, v.isEmpty() ? "is empty"
                : "not a timestamp: " + quote(v) + " (expected integer epoch seconds or ISO-8601 with offset)");
        return Long.MIN_VALUE;
    }

    private static Instant isoInstant(String v) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(v);
        }
    }
}
