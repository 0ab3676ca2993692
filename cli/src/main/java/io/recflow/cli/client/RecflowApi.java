package io.recflow.cli.client;

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
import java.util.List;
import java.util.Map;

/**
 * recflow's REST API over HTTP, for the {@code ./recflow} commands, the demo and the tests alike. Bodies
 * are JSON: a {@code String} is sent as it is (a spec read from a file), anything else is written by Jackson.
 * A platform that cannot be reached is an {@link ApiException}; error statuses are answers
 * ({@link ApiResponse#json()} turns them into one).
 */
public final class RecflowApi {

    public static final String DEFAULT_URL = "http://localhost:8080";
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An anonymous client: only health and open models answer it. */
    public RecflowApi(String baseUrl) {
        this(baseUrl, null);
    }

    /**
     * A client that signs every request with the API {@code token} (null: anonymous).
     *
     * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
     */
    public RecflowApi(String baseUrl, String token) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
        }
        this.baseUrl = url;
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A path segment (a model name, a run id) as it goes into a URL. */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, Map.of());
    }

    public ApiResponse post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public ApiResponse post(String path, Object body, Map<String, String> headers) {
        return send("POST", path, body == null ? "{}" : body, headers);
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Starts a pipeline run from {@code spec}; the same {@code idempotencyKey} (may be null) gives the same run. */
    public JsonNode startPipeline(Object spec, String idempotencyKey) {
        return post("/api/v1/pipelines", spec, idempotencyKey == null ? Map.of()
                : Map.of("Idempotency-Key", idempotencyKey)).json();
    }

    /** A run's resource: status, stages with attempts and progress, metrics, model version, promotion. */
    public JsonNode pipeline(String id) {
        return get(pipelinePath(id)).json();
    }

    public static String pipelinePath(String id) {
        return "/api/v1/pipelines/" + encode(id);
    }

    private ApiResponse send(String method, String path, Object body, Map<String, String> headers) {
        if (token != null) {
            requireHeaderValue("the API token", token);
        }
        headers.forEach(RecflowApi::requireHeaderValue);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(text(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(method, path, response.statusCode(), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiException("cannot reach recflow at " + baseUrl + " (" + describe(e) + ")", List.of(
                    "is the platform running? start it with './recflow up', or point --url / RECFLOW_URL at it"));
        } catch (HttpTimeoutException e) {
            throw new ApiException(method + " " + path + " timed out at " + baseUrl);
        } catch (IOException e) {
            throw new ApiException("cannot reach recflow at " + baseUrl + " (" + describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    /**
     * Refuses a header value the HTTP client would reject with a message that quotes it (a token must not reach a
     * terminal): anything but printable ASCII, such as a typographic quote pasted along with a token.
     */
    private static void requireHeaderValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new ApiException(String.format("%s has a character no HTTP header can carry: U+%04X at"
                        + " position %d (pasted with a typographic quote or a line break?)", name, (int) c, i + 1));
            }
        }
    }

    private static String text(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new ApiException("cannot write the request: " + e.getMessage());
        }
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
}
