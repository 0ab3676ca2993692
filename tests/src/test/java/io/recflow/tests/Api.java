package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** recflow's REST API as a client sees it: JSON in, status and JSON out. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Api(String base) {
        this.base = base;
    }

    record Response(int status, JsonNode body, String text) {
        Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + text);
            }
            return this;
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** Starts a pipeline; returns its id. */
    String startPipeline(Map<String, Object> spec) {
        return post("/api/v1/pipelines", spec).expect(202).body().get("id").asText();
    }

    JsonNode pipeline(String id) {
        return get("/api/v1/pipelines/" + encode(id)).expect(200).body();
    }

    /** Polls the pipeline until it leaves RUNNING (tolerating a restarting server) and returns it. */
    JsonNode awaitEnd(String id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        E2e.await("pipeline " + id + " to end", timeout, () -> {
            last[0] = pipeline(id);
            String status = last[0].get("status").asText();
            return !List.of("RUNNING", "WAITING_APPROVAL").contains(status);
        });
        return last[0];
    }

    JsonNode awaitCompleted(String id, Duration timeout) {
        JsonNode run = awaitEnd(id, timeout);
        if (!"COMPLETED".equals(run.get("status").asText())) {
            throw new AssertionError("pipeline " + id + " ended " + run.get("status").asText() + ": "
                    + run.path("message").asText() + "\n" + run.toPrettyString());
        }
        return run;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = null;
            if (text != null && !text.isBlank()) {
                try {
                    body = JSON.readTree(text);
                } catch (IOException e) {
                    body = null;
                }
            }
            return new Response(response.statusCode(), body, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
