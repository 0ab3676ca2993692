package io.recflow.api.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The platform's REST API over HTTP. Error responses become a {@link CliException} carrying the
 * problem's {@code detail} and each of its {@code errors}.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    Api(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new CliException.Usage("--url must be an http(s) URL like http://localhost:8080, got '" + baseUrl
                    + "'", null);
        }
        this.baseUrl = url;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null, Map.of());
    }

    JsonNode post(String path, Object body) {
        return post(path, body, Map.of());
    }

    JsonNode post(String path, Object body, Map<String, String> headers) {
        try {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            return send("POST", path, text, headers);
        } catch (IOException e) {
            throw new CliException("cannot write the request: " + e.getMessage());
        }
    }

    private JsonNode send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException("cannot reach recflow at " + baseUrl + " (" + describe(e) + ")", List.of(
                    "is the platform running? start it with './recflow up', or point --url / RECFLOW_URL at it"));
        } catch (HttpTimeoutException e) {
            throw new CliException(method + " " + path + " timed out at " + baseUrl);
        } catch (IOException e) {
            throw new CliException("cannot reach recflow at " + baseUrl + " (" + describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode json = null;
        if (!response.body().isBlank()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                if (response.statusCode() < 400) {
                    throw new CliException(method + " " + path + " answered something that is not JSON: "
                            + abbreviate(response.body()));
                }
            }
        }
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), json, response.body());
        }
        return json == null ? JSON.nullNode() : json;
    }

    private static CliException problem(int status, JsonNode json, String body) {
        if (json != null && json.hasNonNull("detail")) {
            List<String> errors = new ArrayList<>();
            json.path("errors").forEach(e -> errors.add(e.asText()));
            return new CliException(json.get("detail").asText(), errors);
        }
        if (json != null && json.hasNonNull("title")) {
            return new CliException(json.get("title").asText() + " (HTTP " + status + ")");
        }
        return new CliException("HTTP " + status + (body.isBlank() ? "" : ": " + abbreviate(body)));
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
        }
        return message.contains("Connection refused") || e instanceof ConnectException && message.equals(
                "ConnectException") ? "connection refused" : message;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }
}
