package io.recflow.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what, operation by operation, from the OpenAPI document: every operation it lists must have a
 * rule here (a new endpoint without one fails the build), and every role is tried on every operation —
 * allowed means anything but 401/403 (the dummy ids make most answers 400 or 404), forbidden means a 403
 * problem naming the permission; without a token, 401.
 */
@QuarkusTest
class RoleTableTest {

    /** Any signed-in caller. */
    private static final String SIGNED_IN = "signed-in";
    /** Anyone, signed in or not. */
    private static final String OPEN = "open";

    private static final Map<String, String> RULES = Map.ofEntries(
            entry("GET /api/v1/pipelines", Permission.READ),
            entry("POST /api/v1/pipelines", Permission.RUN),
            entry("GET /api/v1/pipelines/{id}", Permission.READ),
            entry("GET /api/v1/pipelines/{id}/history", Permission.READ),
            entry("POST /api/v1/pipelines/{id}/cancel", Permission.RUN),
            entry("POST /api/v1/pipelines/{id}/rerun", Permission.RUN),
            entry("POST /api/v1/pipelines/{id}/approve", Permission.APPROVE),
            entry("POST /api/v1/pipelines/{id}/reject", Permission.APPROVE),
            entry("GET /api/v1/sweeps", Permission.READ),
            entry("POST /api/v1/sweeps", Permission.RUN),
            entry("GET /api/v1/sweeps/{id}", Permission.READ),
            entry("POST /api/v1/sweeps/{id}/cancel", Permission.RUN),
            entry("GET /api/v1/models", Permission.READ),
            entry("GET /api/v1/models/{name}", Permission.READ),
            entry("GET /api/v1/models/{name}/versions", Permission.READ),
            entry("GET /api/v1/models/{name}/alias-history", Permission.READ),
            entry("GET /api/v1/models/{name}/versions/{version}", Permission.READ),
            entry("GET /api/v1/models/{name}/versions/{version}/report", Permission.READ),
            entry("POST /api/v1/models/{name}/aliases/{alias}", Permission.APPROVE),
            entry("GET /api/v1/models/{name}/items", Permission.READ + "|" + Permission.RECOMMEND),
            entry("POST /api/v1/models/{name}/recommendations", Permission.RECOMMEND),
            entry("GET /api/v1/lineage/artifacts", Permission.READ),
            entry("GET /api/v1/lineage/artifacts/{id}", Permission.READ),
            entry("GET /api/v1/schedules", Permission.READ),
            entry("POST /api/v1/schedules", Permission.RUN),
            entry("GET /api/v1/schedules/{id}", Permission.READ),
            entry("DELETE /api/v1/schedules/{id}", Permission.RUN),
            entry("POST /api/v1/schedules/{id}/pause", Permission.RUN),
            entry("POST /api/v1/schedules/{id}/unpause", Permission.RUN),
            entry("POST /api/v1/schedules/{id}/trigger", Permission.RUN),
            entry("GET /api/v1/foundation-models", Permission.READ),
            entry("POST /api/v1/foundation-models", Permission.ADMIN),
            entry("GET /api/v1/foundation-models/{name}", Permission.READ),
            entry("POST /api/v1/foundation-models/{name}/generate", Permission.RUN),
            entry("GET /api/v1/tokens", Permission.ADMIN),
            entry("POST /api/v1/tokens", Permission.ADMIN),
            entry("DELETE /api/v1/tokens/{idOrName}", Permission.ADMIN),
            entry("GET /api/v1/whoami", SIGNED_IN),
            entry("GET /api/v1/auth/config", OPEN),
            entry("GET /api/v1/audit", Permission.READ),
            entry("POST /api/v1/gc", Permission.ADMIN));

    /** Path parameters that name nothing: the request gets past the door and is answered 4xx after it. */
    private static final Map<String, String> DUMMIES = Map.of("{id}", "nothing-here", "{name}", "nothing-here",
            "{version}", "1", "{alias}", "champion", "{idOrName}", "nothing-here");

    @Test
    void everyOperationInTheOpenApiDocumentHasARule() {
        assertEquals(new TreeSet<>(RULES.keySet()), new TreeSet<>(operations()),
                "operations in /q/openapi and rules in RoleTableTest.RULES differ: give a new endpoint a rule");
    }

    @Test
    void eachRoleMayDoWhatItsPermissionsAllowAndIsRefusedTheRest() {
        List<String> wrong = new ArrayList<>();
        for (Role role : Role.values()) {
            RecflowApi api = TestTokens.platform(TestTokens.of("role-table-" + role.id(), role));
            for (Map.Entry<String, String> rule : RULES.entrySet()) {
                boolean allowed = rule.getValue().equals(SIGNED_IN) || rule.getValue().equals(OPEN)
                        || List.of(rule.getValue().split("\\|")).stream().anyMatch(role.permissions()::contains);
                ApiResponse answer = call(api, rule.getKey());
                int status = answer.status();
                if (allowed && (status == 401 || status == 403)) {
                    wrong.add(role.id() + " " + rule.getKey() + ": allowed, got " + status + " " + answer.text());
                } else if (!allowed && (status != 403 || !answer.text().contains("\"status\":403"))) {
                    wrong.add(role.id() + " " + rule.getKey() + ": forbidden, got " + status + " " + answer.text());
                } else if (!allowed && !rule.getValue().equals(SIGNED_IN)
                        && !answer.text().contains("permission " + rule.getValue().split("\\|")[0])) {
                    wrong.add(role.id() + " " + rule.getKey() + ": the 403 does not name the permission: "
                            + answer.text());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void withoutATokenEveryOperationButTheOpenOnesSays401AndHowToSignIn() {
        RecflowApi anonymous = TestTokens.platform(null);
        for (Map.Entry<String, String> rule : RULES.entrySet()) {
            ApiResponse answer = call(anonymous, rule.getKey());
            if (rule.getValue().equals(OPEN)) {
                assertEquals(200, answer.status(), rule.getKey() + ": " + answer.text());
                continue;
            }
            assertEquals(401, answer.status(), rule.getKey() + ": " + answer.text());
            assertTrue(answer.text().contains("Authorization: Bearer"), rule.getKey() + ": " + answer.text());
        }
        RecflowApi forged = TestTokens.platform("rft_0123456789abcdef_" + "x".repeat(43));
        ApiResponse answer = forged.get("/api/v1/pipelines");
        assertEquals(401, answer.status(), answer.text());
        assertTrue(answer.text().contains("unknown, expired or revoked"), answer.text());
    }

    @Test
    void healthIsOpenAndThePlatformsInternalsAreNot() {
        RecflowApi anonymous = TestTokens.platform(null);
        assertEquals(200, anonymous.get("/q/health/ready").status());
        // No identity provider is configured here: the sign-in page offers only tokens.
        assertTrue(anonymous.get("/api/v1/auth/config").json().get("oidc").isNull());
        assertEquals(401, anonymous.get("/q/openapi").status());
        assertEquals(401, anonymous.get("/q/metrics").status());
        RecflowApi viewer = TestTokens.platform(TestTokens.of("role-table-viewer", Role.VIEWER));
        assertEquals(200, viewer.get("/q/openapi").status());
        int metrics = viewer.get("/q/metrics").status();  // 406 for this client's Accept: past the door
        assertTrue(metrics != 401 && metrics != 403, "viewer on /q/metrics: " + metrics);
        RecflowApi client = TestTokens.platform(TestTokens.of("role-table-client", Role.CLIENT));
        assertEquals(403, client.get("/q/openapi").status(), "a client token only asks for recommendations");
        assertEquals(403, client.get("/q/metrics").status());
    }

    private static ApiResponse call(RecflowApi api, String operation) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1);
        for (Map.Entry<String, String> dummy : DUMMIES.entrySet()) {
            path = path.replace(dummy.getKey(), dummy.getValue());
        }
        return switch (method) {
            case "GET" -> api.get(path);
            case "POST" -> api.post(path, "{}");
            case "DELETE" -> api.delete(path);
            default -> throw new IllegalStateException("no call for " + operation);
        };
    }

    private static List<String> operations() {
        JsonNode paths = TestTokens.platform(TestTokens.admin()).get("/q/openapi?format=json").json().get("paths");
        List<String> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
