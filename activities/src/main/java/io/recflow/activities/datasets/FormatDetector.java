package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells which format a file or folder is in, from file names and (for CSV, TSV and TXT files) the
 * first line. Exactly one format must match; none or several is a {@link BadInputException} listing
 * what was found.
 */
public final class FormatDetector {

    private static final Pattern TWO_INTS = Pattern.compile("\\s*\\d+\\s+\\d+\\s*");
    private static final Set<String> NOT_DATA = Set.of("id2name.txt", "source.txt", "readme.txt", "license.txt");

    private FormatDetector() {
    }

    public static DataFormat detect(DataLocation location) {
        Map<DataFormat, List<String>> found = new LinkedHashMap<>();
        for (String name : location.fileNames()) {
            DataFormat f = formatOf(location, name);
            if (f != null) {
                found.computeIfAbsent(f, k -> new ArrayList<>()).add(name);
            }
        }
        if (found.size() == 1) {
            return found.keySet().iterator().next();
        }
        StringBuilder known = new StringBuilder();
        for (DataFormat f : DataFormat.values()) {
            known.append("\n    ").append(f.id()).append(": ").append(f.files());
        }
        if (found.isEmpty()) {
            throw new BadInputException(location.uri(), 0, "data.format", "cannot detect the format: no file of a"
                    + " known format " + (location.isFolder() ? "here (files: " + location.fileNames() + ")"
                    : "") + "; set data.format, or use one of" + known);
        }
        StringBuilder which = new StringBuilder();
        found.forEach((f, names) -> which.append(which.isEmpty() ? "" : ", ").append(f.id()).append(' ').append(names));
        throw new BadInputException(location.uri(), 0, "data.format", "ambiguous: files of several formats here ("
                + which + "); set data.format to one of them");
    }

    private static DataFormat formatOf(DataLocation location, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("u.data") || n.equals("ratings.dat")) {
            return DataFormat.MOVIELENS;
        }
        if (n.endsWith(".inter.json")) {
            return DataFormat.LETTER;
        }
        if (n.endsWith(".tsv") && IloraParser.role(name) != null && firstLine(location.file(name)).contains("len_seq")) {
            return DataFormat.ILORA;
        }
        if (n.endsWith(".csv") && isInteractionHeader(csvHeader(location.file(name)))) {
            return DataFormat.CSV;
        }
        if (looksLikeCaseq(location, name)) {
            return DataFormat.CASEQ;
        }
        return null;
    }

    /** A {@code .txt} file (not a known metadata file) whose first non-blank line is two integers. */
    static boolean looksLikeCaseq(DataLocation location, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.endsWith(".txt") || NOT_DATA.contains(n)) {
            return false;
        }
        return TWO_INTS.matcher(firstLine(location.file(name))).matches();
    }

    /** The header fields of a CSV file, or {@code null} when it cannot be read as CSV. */
    static List<String> csvHeader(SourceFile file) {
        try (CsvReader csv = new CsvReader(file)) {
            CsvReader.Row row = csv.next();
            return row == null ? null : row.fields();
        } catch (BadInputException e) {
            return null;
        }
    }

    static boolean isInteractionHeader(List<String> header) {
        if (header == null) {
            return false;
        }
        Map<String, Integer> cols = ItemFiles.columns(header);
        return ItemFiles.first(cols, "user", "userid") != null
                && ItemFiles.first(cols, "item", "itemid", "movieid") != null
                && ItemFiles.first(cols, "timestamp", "ts", "time") != null;
    }

    /** The first non-blank line (at most 64 KiB read, after a byte order mark), or "" if none / unreadable. */
    private static String firstLine(SourceFile file) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file.path()),
                StandardCharsets.ISO_8859_1))) {
            char[] buf = new char[1 << 16];
            int len = r.read(buf);
            if (len <= 0) {
                return "";
            }
            String text = new String(buf, 0, len);
            // A UTF-8 byte order mark, read as Latin-1: the readers skip it, so detection does too.
            if (text.startsWith("\u00ef\u00bb\u00bf")) {
                text = text.substring(3);
            }
            for (String line : text.split("\r?\n|\r")) {
                if (!line.isBlank()) {
                    return line;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
