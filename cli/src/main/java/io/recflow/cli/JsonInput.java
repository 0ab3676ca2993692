package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A JSON object a command sends, from a file or from stdin ({@code -}), checked before anything is sent.
 *
 * @param text as written: what is sent when the object is the whole body, so that the API's strict reading
 *             still sees it (a key given twice is refused there; a parsed tree would have kept one silently)
 * @param tree the same, parsed: for a command that puts it inside a body of its own
 */
record JsonInput(String text, JsonNode tree) {

    /**
     * @param what    what the object is, for messages ("spec", "sweep request")
     * @param example a short example of such an object, for the message when the input is not an object
     */
    static JsonInput readObject(StandardStreams io, String source, String what, String example) {
        String text;
        try {
            text = source.equals("-") ? new String(io.in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new CommandFailure("there is no " + what + " file " + source);
        } catch (IOException e) {
            throw new CommandFailure("cannot read the " + what + " " + source + ": " + e.getMessage());
        }
        String name = source.equals("-") ? "the " + what + " on stdin" : source;
        JsonNode parsed;
        try {
            parsed = RecflowApi.JSON.readTree(text);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new CommandFailure(name + " is not valid JSON: " + message);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new CommandFailure(name + " must be a JSON object, like " + example);
        }
        return new JsonInput(text, parsed);
    }
}
