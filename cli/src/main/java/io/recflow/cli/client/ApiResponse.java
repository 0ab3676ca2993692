package io.recflow.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of the API as it came: the status and the body's text. {@link #json()} is how a client reads
 * it (an error status becomes an {@link ApiException} carrying the RFC 9457 problem); {@link #status()}
 * and {@link #body()} are for callers that look at error answers themselves.
 */
public record ApiResponse(String method, String path, int status, String text) {

    /** The body of a successful answer; an {@link ApiException} with the problem's detail otherwise. */
    public JsonNode json() {
        JsonNode body = body();
        if (status >= 400) {
            throw problem(body);
        }
        if (body == null && !text.isBlank()) {
            throw new ApiException(method + " " + path + " answered something that is not JSON: " + abbreviate(text));
        }
        return body == null ? RecflowApi.JSON.nullNode() : body;
    }

    /** The body as JSON whatever the status; null when it is empty or not JSON. */
    public JsonNode body() {
        if (text.isBlank()) {
            return null;
        }
        try {
            return RecflowApi.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** This answer, when its status is {@code expected}; an {@link ApiException} saying what came instead. */
    public ApiResponse expect(int expected) {
        if (status != expected) {
            throw new ApiException(method + " " + path + ": expected HTTP " + expected + " but got " + status + ": "
                    + abbreviate(text));
        }
        return this;
    }

    private ApiException problem(JsonNode body) {
        if (body != null && body.hasNonNull("detail")) {
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(e -> errors.add(e.asText()));
            return new ApiException(body.get("detail").asText(), errors);
        }
        if (body != null && body.hasNonNull("title")) {
            return new ApiException(body.get("title").asText() + " (HTTP " + status + ")");
        }
        return new ApiException("HTTP " + status + (text.isBlank() ? "" : ": " + abbreviate(text)));
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
