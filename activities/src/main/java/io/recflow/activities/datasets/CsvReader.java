package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 reader: comma-separated fields, records ended by CRLF (or LF, or CR), fields optionally
 * enclosed in double quotes, a doubled quote inside a quoted field is one quote, and quoted fields may
 * hold commas and line breaks (a line break inside a quoted field is read as LF). A quote inside an
 * unquoted field is kept as text (lenient). Completely empty lines are skipped. UTF-8, strict.
 */
final class CsvReader implements Closeable {

    /** One record and the line it starts on. */
    record Row(long line, List<String> fields) {
    }

    /**
     * The longest field, in characters: far beyond any title or description, and short of what the stages after
     * ingest can read back; a quote never closed would otherwise take the rest of the file into one field.
     */
    static final int MAX_FIELD_CHARS = 1_000_000;

    private final SourceFile file;
    private final TextLines lines;

    CsvReader(SourceFile file) {
        this.file = file;
        this.lines = TextLines.open(file, StandardCharsets.UTF_8);
    }

    /** The next non-empty record, or {@code null} at the end of the file. */
    Row next() {
        String line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (line.isEmpty());
        long start = lines.lineNumber();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                // quoted field
                i++;
                while (true) {
                    if (i >= line.length()) {
                        String more = lines.next();
                        if (more == null) {
                            throw new BadInputException(file.uri(), start, "field " + (fields.size() + 1),
                                    "a quoted field starting on this line is never closed (missing \")");
                        }
                        field.append('\n');
                        requireShort(field.length(), start, fields.size() + 1, " (a quote never closed?)");
                        line = more;
                        i = 0;
                        continue;
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                            continue;
                        }
                        break;
                    }
                    field.append(c);
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new BadInputException(file.uri(), lines.lineNumber(), "field " + (fields.size() + 1),
                            "unexpected character '" + line.charAt(i) + "' after a closing quote"
                                    + " (a quote inside a quoted field must be doubled: \"\")");
                }
                requireShort(field.length(), start, fields.size() + 1, "");
                fields.add(field.toString());
                field.setLength(0);
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                requireShort(end - i, lines.lineNumber(), fields.size() + 1, "");
                fields.add(line.substring(i, end));
                i = end;
            }
            if (i < line.length()) { // at a comma
                i++;
                continue;
            }
            return new Row(start, fields);
        }
    }

    private void requireShort(int chars, long line, int field, String hint) {
        if (chars > MAX_FIELD_CHARS) {
            throw new BadInputException(file.uri(), line, "field " + field, "longer than " + MAX_FIELD_CHARS
                    + " characters" + hint);
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
