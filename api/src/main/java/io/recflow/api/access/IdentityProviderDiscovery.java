package io.recflow.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The identity provider as the console sees it. Quarkus OIDC verifies tokens but does not publish the
 * provider's endpoints; the console (a public client in the browser) needs them, so this reads the provider's
 * discovery document once, on the first sign-in page that asks, and remembers it.
 */
@ApplicationScoped
public class IdentityProviderDiscovery {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @ConfigProperty(name = "quarkus.oidc.tenant-enabled")
    boolean enabled;
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;
    @ConfigProperty(name = "recflow.auth.oidc.console-client-id")
    String consoleClientId;
    @ConfigProperty(name = "recflow.auth.oidc.display-name")
    String displayName;
    @Inject
    ObjectMapper json;

    private volatile ConsoleSignIn discovered;

    /** The console's way in through the provider, or empty when no provider is configured. */
    public Optional<ConsoleSignIn> consoleSignIn() {
        if (!enabled || issuer.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSignIn known = discovered;
        if (known == null) {
            known = discover(issuer.get().replaceAll("/+$", ""));
            discovered = known;
        }
        return Optional.of(known);
    }

    private ConsoleSignIn discover(String issuerUrl) {
        URI document = URI.create(issuerUrl + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(document).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw unavailable(document, "HTTP " + answer.statusCode());
            }
            JsonNode metadata = json.readTree(answer.body());
            return new ConsoleSignIn(issuerUrl, consoleClientId, displayName,
                    metadata.path("authorization_endpoint").asText(null), metadata.path("token_endpoint").asText(null),
                    metadata.path("end_session_endpoint").asText(null));
        } catch (IOException e) {
            throw unavailable(document, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(document, "interrupted");
        }
    }

    private static ProblemException unavailable(URI document, String why) {
        return ProblemException.unavailable("the identity provider's discovery document " + document
                + " could not be read (" + why + "); sign in with an API token meanwhile");
    }
}
