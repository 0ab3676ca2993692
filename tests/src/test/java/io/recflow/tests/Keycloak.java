package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lane's identity provider: the Keycloak that {@code infra/start.sh keycloak} runs with the realm of
 * {@code infra/keycloak/recflow-realm.json}. Access tokens come from the realm's {@code recflow-cli} client by
 * the password grant, as a script would get them; the console's code flow is the browser tests'.
 */
final class Keycloak {

    /** The realm's issuer, as the platform is configured with it. */
    static final String ISSUER = System.getProperty("recflow.e2e.oidc-issuer", "http://127.0.0.1:8180/realms/recflow");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Keycloak() {
    }

    /** An access token of the realm's user {@code name} (password {@code <name>-pass}). */
    static String accessToken(String name) {
        return accessToken(ISSUER, "recflow-cli", name, name + "-pass");
    }

    /** An access token of any realm's user, by the password grant. */
    static String accessToken(String issuer, String client, String user, String password) {
        String form = Map.of("grant_type", "password", "client_id", client, "username", user, "password", password)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("Keycloak refused a token for " + user + " at " + issuer + ": HTTP "
                        + answer.statusCode() + " " + answer.body() + " (is it running? infra/start.sh keycloak)");
            }
            return RecflowApi.JSON.readTree(answer.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("no Keycloak at " + issuer + " (infra/start.sh keycloak)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The realm's discovery document. */
    static JsonNode discovery() {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                    URI.create(ISSUER + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return RecflowApi.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
