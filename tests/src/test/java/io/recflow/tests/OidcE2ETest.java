package io.recflow.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode's sign-in: a platform configured with the lane's Keycloak as its OIDC provider accepts the
 * realm's access tokens beside its own API tokens, gives each user the recflow role among their realm roles,
 * refuses users with none or several, and records the provider's users as the principals of the audit log —
 * four-eyes approval included.
 */
@EnabledIfSystemProperty(named = E2e.PROPERTY, matches = "local")
@org.junit.jupiter.api.Order(7)
class OidcE2ETest {

    private static RecflowProcess recflow;

    @BeforeAll
    static void start() {
        recflow = RecflowProcess.start("oidc-all", "cpu,gpu", Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", Keycloak.ISSUER));
    }

    @AfterAll
    static void stop() {
        if (recflow != null) {
            recflow.close();
        }
    }

    private static RecflowApi as(String user) {
        return new RecflowApi(recflow.baseUrl(), Keycloak.accessToken(user));
    }

    @Test
    void theRealmsUsersSignInWithTheirRecflowRole() {
        // The console learns where to send people from the platform, before anyone is signed in.
        JsonNode config = new RecflowApi(recflow.baseUrl()).get("/api/v1/auth/config").expect(200).body().get("oidc");
        JsonNode discovery = Keycloak.discovery();
        assertEquals(Keycloak.ISSUER, config.get("issuer").asText());
        assertEquals("recflow-console", config.get("clientId").asText());
        assertEquals(discovery.get("authorization_endpoint").asText(), config.get("authorizationEndpoint").asText());
        assertEquals(discovery.get("token_endpoint").asText(), config.get("tokenEndpoint").asText());

        Map<String, String> roles = Map.of("vera", "viewer", "rui", "runner", "ana", "approver", "ada", "admin",
                "cleo", "client");
        roles.forEach((user, role) -> {
            JsonNode me = as(user).get("/api/v1/whoami").expect(200).body();
            assertEquals(user, me.get("name").asText());
            assertEquals(role, me.get("role").asText(), me::toString);
            assertEquals("oidc", me.get("signedInWith").asText());
        });

        // Permissions as the role grants them, and a 403 that names what is missing.
        assertEquals(200, as("vera").get("/api/v1/pipelines").status());
        ApiResponse viewerStarts = as("vera").post("/api/v1/pipelines", Map.of("model", "refused"));
        assertEquals(403, viewerStarts.status(), viewerStarts.text());
        assertTrue(viewerStarts.text().contains(
                "vera (role viewer) may not POST /api/v1/pipelines: it needs permission run"), viewerStarts.text());
        assertEquals(403, as("cleo").get("/api/v1/pipelines").status());

        // No recflow role, or more than one: signed in, allowed nothing, told why.
        ApiResponse noRole = as("noah").get("/api/v1/whoami");
        assertEquals(403, noRole.status(), noRole.text());
        assertTrue(noRole.text().contains("noah has no recflow role in claim 'realm_access/roles'"), noRole.text());
        ApiResponse twoRoles = as("max").get("/api/v1/pipelines");
        assertEquals(403, twoRoles.status(), twoRoles.text());
        assertTrue(twoRoles.text().contains("several recflow roles") && twoRoles.text().contains("runner, approver"),
                twoRoles.text());

        // A token whose signature does not check out, and one of another realm (issuer), are not accepted.
        String token = Keycloak.accessToken("ada");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, new RecflowApi(recflow.baseUrl(), tampered).get("/api/v1/whoami").status());
        String otherRealm = Keycloak.accessToken(Keycloak.ISSUER.replace("/realms/recflow", "/realms/master"),
                "admin-cli", "admin", "admin");
        ApiResponse foreign = new RecflowApi(recflow.baseUrl(), otherRealm).get("/api/v1/whoami");
        assertEquals(401, foreign.status(), foreign.text());
        assertTrue(foreign.text().contains("\"status\":401"), foreign.text());
        // The same realm's token for another application (no recflow audience) is not replayed here.
        String otherApp = Keycloak.accessToken(Keycloak.ISSUER, "other-app", "ada", "ada-pass");
        assertEquals(401, new RecflowApi(recflow.baseUrl(), otherApp).get("/api/v1/whoami").status());

        // recflow's own API tokens keep working beside the provider's.
        JsonNode admin = recflow.api().get("/api/v1/whoami").expect(200).body();
        assertEquals("token", admin.get("signedInWith").asText());
    }

    @Test
    void fourEyesAndTheAuditLogNameTheProvidersUsers() {
        E2e.SmallData data = E2e.smallData("oidc-data", 43);
        Map<String, Object> spec = new LinkedHashMap<>(E2e.spec("e2e-oidc-" + E2e.RUN, data.folder()));
        // Any candidate passes the gate; a person must still approve it.
        spec.put("promotion", Map.of("minGain", -1, "significance", 0, "requireApproval", true));
        String id = PipelineRuns.start(as("ada"), spec);
        // Waits are polled with the lane's API token: the realm's access tokens live 5 minutes.
        RecflowApi lane = recflow.api();
        String reached = E2e.awaitValue("run " + id + " to leave RUNNING", Duration.ofMinutes(10), () -> {
            String status = lane.pipeline(id).get("status").asText();
            return status.equals("RUNNING") ? null : status;
        });
        assertEquals("WAITING_APPROVAL", reached, () -> lane.pipeline(id).toPrettyString());
        String approve = "/api/v1/pipelines/" + RecflowApi.encode(id) + "/approve";

        ApiResponse ownRun = as("ada").post(approve, Map.of("reason", "mine"));
        assertEquals(403, ownRun.status(), ownRun.text());
        assertTrue(ownRun.text().contains("four-eyes approval: ada started " + id), ownRun.text());
        ApiResponse runner = as("rui").post(approve, Map.of("reason", "not mine to approve"));
        assertEquals(403, runner.status(), runner.text());
        as("ana").post(approve, Map.of("reason", "looks right")).expect(200);
        JsonNode run = PipelineRuns.awaitCompleted(lane, id, Duration.ofMinutes(5));
        assertEquals("ada", run.get("startedBy").asText(), run::toPrettyString);

        JsonNode events = as("vera").get("/api/v1/audit?target=" + RecflowApi.encode(id)).expect(200).body();
        Map<String, String> byAction = new LinkedHashMap<>();
        events.forEach(e -> byAction.put(e.get("action").asText(),
                e.get("principal").asText() + "/" + e.get("role").asText()));
        assertEquals("ada/admin", byAction.get("pipeline.start"), events::toString);
        assertEquals("ana/approver", byAction.get("pipeline.approve"), events::toString);
        E2e.report("oidc: run started by ada, approved by ana through Keycloak tokens", id);
    }
}
