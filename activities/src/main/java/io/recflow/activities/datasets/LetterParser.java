package io.recflow.activities.datasets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.activities.input.BadInputException;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * LETTER / CoFiRec / LC-Rec JSON: {@code <name>.inter.json} = {@code {"user": [item, ...]}} with each
 * list in time order (the position is the time), items as integers or strings; optional
 * {@code <name>.item.json} = {@code {"item": {"title", "description", "categories", ...}}}.
 */
final class LetterParser implements FormatParser {

    private static final String INTER = ".inter.json";
    private static final String ITEM = ".item.json";
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    @Override
    public void parse(DataLocation location, boolean readOwnItems, RawData out, Problems problems) {
        SourceFile inter;
        if (location.isFolder()) {
            // As the format's detection does: any case (X.INTER.JSON)
            List<String> candidates = location.fileNames().stream()
                    .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(INTER)).toList();
            if (candidates.isEmpty()) {
                throw new BadInputException(location.uri(), 0, null, "missing file: format letter needs "
                        + DataFormat.LETTER.files() + "; files here: " + location.fileNames());
            }
            if (candidates.size() > 1) {
                throw new BadInputException(location.uri(), 0, null, "holds several *.inter.json files " + candidates
                        + "; point the URI at one of them");
            }
            inter = location.file(candidates.get(0));
            String base = candidates.get(0).substring(0, candidates.get(0).length() - INTER.length());
            String itemName = location.fileNames().stream().filter(n -> n.equalsIgnoreCase(base + ITEM)).findFirst()
                    .orElse(base + ITEM);
            if (readOwnItems) {
                if (location.has(itemName)) {
                    ItemFiles.read(location.file(itemName), out, problems, 0);
                } else {
                    out.notes.add("no " + itemName + ": items have ids only");
                }
            }
        } else {
            inter = location.single();
        }
        interactions(inter, out, problems);
    }

    private static void interactions(SourceFile file, RawData out, Problems problems) {
        out.filesRead.add(file.uri());
        Set<String> users = new HashSet<>();
        readJson(file, problems, p -> {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file.uri(), line(p), null,
                        "expected a JSON object {\"user\": [item, ...]} at the top");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String user = p.currentName().strip();  // as item ids are
                long userLine = line(p);
                if (!user.isEmpty() && !users.add(user)) {  // the parser refuses keys that are the same to the byte
                    problems.add(file.uri(), userLine, user, "this user is here twice (keys differing only in spaces)");
                }
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    problems.add(file.uri(), userLine, user, "expected an array of item ids, found " + describe(p));
                    p.skipChildren();
                    continue;
                }
                List<String> items = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING) {
                        String id = p.getText().strip();
                        if (id.isEmpty()) {
                            problems.add(file.uri(), line(p), user, "an item id is empty");
                        } else {
                            items.add(id);
                        }
                    } else {
                        problems.add(file.uri(), line(p), user, "item ids must be integers or strings, found "
                                + describe(p));
                        p.skipChildren();
                    }
                }
                if (user.isBlank()) {
                    problems.add(file.uri(), userLine, null, "a user id is empty");
                } else if (problems.isEmpty()) {
                    out.events.addSequence(user, items);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new BadInputException(file.uri(), line(p), null, "expected a user id (a JSON object key)");
            }
            if (p.nextToken() != null) {
                throw new BadInputException(file.uri(), line(p), null, "unexpected content after the top-level object");
            }
        });
    }

    /** {@code <name>.item.json}: {item: {title, description, categories | category, ...}}. */
    static void items(SourceFile file, RawData out, Problems problems) {
        readJson(file, problems, p -> {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file.uri(), line(p), null,
                        "expected a JSON object {\"item\": {\"title\": ..., ...}} at the top");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String id = p.currentName().strip();
                long n = line(p);
                p.nextToken();
                JsonNode node = p.readValueAsTree();
                if (node == null || !node.isObject()) {
                    problems.add(file.uri(), n, id, "expected an object with title/description/categories");
                    continue;
                }
                if (id.isEmpty()) {
                    problems.add(file.uri(), n, null, "an item id is empty");
                    continue;
                }
                JsonNode categories = node.has("categories") ? node.get("categories") : node.get("category");
                out.putItem(id, new ItemMeta(categories(categories), text(node.get("title")),
                        text(node.get("description"))), problems, file.uri(), n, id);
            }
        });
    }

    /** What to do with an open JSON file; may throw what the parser throws. */
    @FunctionalInterface
    private interface JsonBody {
        void read(JsonParser p) throws IOException;
    }

    /**
     * Opens {@code file} as JSON and runs {@code body} over it, turning malformed JSON and bad encodings
     * into {@link BadInputException}s naming the file and line.
     */
    private static void readJson(SourceFile file, Problems problems, JsonBody body) {
        try (InputStream in = Files.newInputStream(file.path()); JsonParser p = MAPPER.createParser(in)) {
            body.read(p);
        } catch (JsonProcessingException e) {
            throw jsonProblem(file, e, problems);
        } catch (CharConversionException e) {
            throw problems.fatal(file.uri(), 0, null, "unreadable encoding: not UTF-8/16/32 JSON (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.uri(), e);
        }
    }

    /** A string, or an array of strings joined by spaces (Amazon descriptions are lists). */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(text(n)));
            return String.join(" ", parts).strip();
        }
        return node.isValueNode() ? node.asText() : "";
    }

    /**
     * Categories as an array (["A", "B"]; a nested array takes its first list, as in Amazon metadata),
     * or a string "A > B" or "A,B".
     */
    private static List<String> categories(JsonNode node) {
        List<String> path = new ArrayList<>();
        if (node == null || node.isNull()) {
            return path;
        }
        if (node.isArray()) {
            if (node.size() > 0 && node.get(0).isArray()) {
                return categories(node.get(0));
            }
            node.forEach(n -> {
                String s = text(n).strip();
                if (!s.isEmpty()) {
                    path.add(s);
                }
            });
            return path;
        }
        String s = node.asText();
        if (s.contains(">")) {
            return ItemFiles.categoryPath(s);
        }
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                path.add(part.strip());
            }
        }
        return path;
    }

    private static long line(JsonParser p) {
        JsonLocation loc = p.currentTokenLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNr());
    }

    private static String describe(JsonParser p) {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string " + Fields.quote(safeText(p));
            case VALUE_NUMBER_FLOAT -> "the number " + safeText(p);
            case VALUE_NUMBER_INT -> "the integer " + safeText(p);
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private static String safeText(JsonParser p) {
        try {
            return p.getText();
        } catch (IOException e) {
            return "?";
        }
    }

    private static BadInputException jsonProblem(SourceFile file, JsonProcessingException e, Problems problems) {
        JsonLocation loc = e.getLocation();
        long line = loc == null ? 0 : Math.max(0, loc.getLineNr());
        String msg = e.getOriginalMessage();
        if (msg != null && msg.contains("Duplicate field")) {
            return problems.fatal(file.uri(), line, null, "duplicate key: " + msg.replace("Duplicate field ", ""));
        }
        if (msg != null && (msg.contains("UTF-8") || msg.contains("UTF8"))) {
            return problems.fatal(file.uri(), line, null, "unreadable encoding: not valid UTF-8 (" + msg + ")");
        }
        return problems.fatal(file.uri(), line, null, "malformed JSON: " + (msg == null ? e.toString() : msg));
    }
}
