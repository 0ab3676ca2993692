package io.recflow.activities.tokenize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.recflow.activities.input.BadInputException;
import io.recflow.activities.datasets.DataLocation;
import io.recflow.activities.datasets.SourceFile;
import io.recflow.activities.datasets.SourceResolver;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a ready-made item-code index ({@code tokenizer.codesUri}) through the same {@link SourceResolver}
 * as the data, so the same allowed roots and {@code s3://} rules apply. The format is LETTER's
 * {@code *.index.json}: {@code {"item": ["<a_12>", "<b_200>", ...], ...}}. Only the JSON shape is checked
 * here; whether the tokens fit the catalogue is {@link CodeIndex#codesFor}'s business.
 */
public final class CodeIndexReader {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final SourceResolver resolver;

    public CodeIndexReader(SourceResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @throws BadInputException when the URI is refused or missing, or the file is not a JSON object of
     *                           string arrays (naming the line and the item)
     */
    public CodeIndex read(String uri) {
        try (DataLocation location = resolver.resolveFile(uri, "tokenizer.codesUri")) {
            SourceFile file = location.single();
            byte[] content = Files.readAllBytes(file.path());
            return new CodeIndex(file.uri(), content, parse(file.uri(), content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, List<String>> parse(String uri, byte[] content) throws IOException {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(content)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(uri, line(p), null,
                        "expected a JSON object {\"item\": [\"<a_12>\", \"<b_200>\", ...]} at the top");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String item = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new BadInputException(uri, line(p), item, "expected an array of tokens such as "
                            + "[\"<a_12>\", \"<b_200>\"], found " + describe(p.currentToken()));
                }
                List<String> tokens = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw new BadInputException(uri, line(p), item, "tokens must be strings such as \"<a_12>\", "
                                + "found " + describe(p.currentToken()));
                    }
                    tokens.add(p.getText());
                }
                if (entries.put(item.strip(), tokens) != null) {
                    throw new BadInputException(uri, line(p), item, "the item appears twice");
                }
            }
            if (p.nextToken() != null) {
                throw new BadInputException(uri, line(p), null, "unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadInputException(uri, at == null ? 0 : Math.max(0, at.getLineNr()), null,
                    "malformed JSON: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            throw new BadInputException(uri, 0, null, "unreadable encoding: not UTF-8/16/32 JSON (" + e.getMessage() + ")");
        }
        return entries;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static long line(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return at == null ? 0 : Math.max(0, at.getLineNr());
    }
}
