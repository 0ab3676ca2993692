package io.recflow.api.access;

import io.recflow.cli.client.RecflowApi;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tokens for the platform under test: its first admin token, and one token per role made with it. */
public final class TestTokens {

    private static final Map<String, String> BY_NAME = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** The admin token the platform wrote to its data directory on start. */
    public static String admin() {
        Path file = Path.of(ConfigProvider.getConfig().getValue("recflow.auth.admin-token-file", String.class));
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the platform under test wrote no admin token to " + file, e);
        }
    }

    /** A live token named {@code name} with {@code role}, created once per test JVM. */
    public static String of(String name, Role role) {
        return BY_NAME.computeIfAbsent(name + "/" + role.id(), key -> platform(admin())
                .post("/api/v1/tokens", Map.of("name", name, "role", role.id())).expect(201).json()
                .get("token").asText());
    }

    /** The platform under test through the client {@code ./recflow} uses, signed with {@code token} (null: none). */
    public static RecflowApi platform(String token) {
        return new RecflowApi(RestAssured.baseURI + ":" + RestAssured.port, token);
    }
}
