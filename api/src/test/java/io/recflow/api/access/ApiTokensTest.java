package io.recflow.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.recflow.cli.client.ApiResponse;
import io.recflow.cli.client.RecflowApi;
import jakarta.inject.Inject;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens as an admin manages them, through the REST API: shown once, hashed, listed, expiring, revoked, audited. */
@QuarkusTest
class ApiTokensTest {

    @Inject
    DataSource database;
    @Inject
    MeterRegistry meters;
    @Inject
    ApiTokens tokens;
    @ConfigProperty(name = "recflow.auth.admin-token-file")
    Path adminTokenFile;

    private RecflowApi admin;

    @BeforeEach
    void signIn() {
        admin = TestTokens.platform(TestTokens.admin());
    }

    @Test
    void theFirstAdminTokenIsInTheDataDirectoryForItsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(adminTokenFile)));
        JsonNode me = admin.get("/api/v1/whoami").json();
        assertEquals("admin", me.get("name").asText());
        assertEquals("admin", me.get("role").asText());
    }

    @Test
    void aTokenIsShownOnceStoredAsAnArgon2idHashAndSignsInAsItsName() throws Exception {
        JsonNode created = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-rita", "role", "runner",
                "expiresInDays", 7)).expect(201).json();
        String token = created.get("token").asText();
        assertTrue(token.startsWith("rft_"), token);
        // rft_<16 hex digits of id>_<43 base64url characters of secret>; the secret may itself hold a '_'
        String secret = token.substring("rft_".length() + 16 + 1);
        assertEquals(43, secret.length(), token);

        String stored = one("select secret_hash from api_token where name = 'tokens-test-rita'");
        assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
        assertFalse(stored.contains(secret));
        String listed = admin.get("/api/v1/tokens").text();
        assertTrue(listed.contains("tokens-test-rita") && !listed.contains(secret), listed);

        JsonNode me = TestTokens.platform(token).get("/api/v1/whoami").json();
        assertEquals("tokens-test-rita", me.get("name").asText());
        assertEquals("[\"read\",\"run\"]", me.get("permissions").toString());
        // A token that differs in its secret only is no token.
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        assertEquals(401, TestTokens.platform(forged).get("/api/v1/whoami").status());
    }

    @Test
    void concurrentFirstRequestsWithATokenCheckItsSlowHashOnce() throws Exception {
        String token = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-crowd", "role", "viewer")).expect(201)
                .json().get("token").asText();
        double before = verifications();
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return TestTokens.platform(token).get("/api/v1/whoami").status();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // Each caller checking the secret itself would be 16 Argon2 hashes of 19 MiB at once.
        assertEquals(1.0, verifications() - before);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceAndTheAuditLogSaysWhoDidIt() {
        String token = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-rex", "role", "viewer")).expect(201)
                .json().get("token").asText();
        assertEquals(200, TestTokens.platform(token).get("/api/v1/pipelines").status());
        admin.delete("/api/v1/tokens/tokens-test-rex").expect(200);

        ApiResponse refused = TestTokens.platform(token).get("/api/v1/pipelines");
        assertEquals(401, refused.status(), refused.text());
        JsonNode audit = admin.get("/api/v1/audit?target=token:tokens-test-rex").json();
        assertEquals("token.revoke", audit.get(0).get("action").asText());
        assertEquals("admin", audit.get(0).get("principal").asText());
        assertEquals("token.create", audit.get(1).get("action").asText());
        // Its name is free again.
        admin.post("/api/v1/tokens", Map.of("name", "tokens-test-rex", "role", "viewer")).expect(201);
    }

    @Test
    void aTokenRevokedWhileItsCheckRunsIsNotRemembered() throws Exception {
        String token = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-race", "role", "viewer")).expect(201)
                .json().get("token").asText();
        slowHash("tokens-test-race", token);
        double before = verifications();
        ExecutorService checker = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Caller>> check = checker.submit(() -> tokens.authenticate(token));
            long deadline = System.currentTimeMillis() + 10_000;
            while (verifications() == before) {  // counted once its row was read as live, before the slow hash
                assertTrue(System.currentTimeMillis() < deadline, "the token was never checked");
                Thread.sleep(1);
            }
            assertFalse(check.isDone(), "the slow hash is still running");
            tokens.revoke("tokens-test-race", Caller.SYSTEM);

            assertEquals(Optional.empty(), check.get(), "the check read the row before the revocation");
        } finally {
            checker.shutdownNow();
        }
        assertEquals(Optional.empty(), tokens.remembered(token));
        assertEquals(401, TestTokens.platform(token).get("/api/v1/whoami").status());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-old", "role", "viewer")).expect(201)
                .json().get("token").asText();
        update("update api_token set expires_at = now() - interval '1 second' where name = 'tokens-test-old'");
        // Checked against the database: this token was never remembered as valid.
        assertEquals(401, TestTokens.platform(token).get("/api/v1/pipelines").status());
        JsonNode listed = admin.get("/api/v1/tokens").json();
        JsonNode old = StreamSupport.stream(listed.spliterator(), false)
                .filter(t -> t.get("name").asText().equals("tokens-test-old")).findFirst()
                .orElseThrow(() -> new AssertionError("the expired token is not listed: " + listed));
        assertEquals("expired", old.get("status").asText());
    }

    @Test
    void badTokenRequestsSayWhatIsWrong() {
        ApiResponse role = admin.post("/api/v1/tokens", Map.of("name", "x", "role", "superuser"));
        assertEquals(400, role.status());
        assertTrue(role.text().contains("role must be one of viewer, runner, approver, admin, client"), role.text());
        ApiResponse name = admin.post("/api/v1/tokens", Map.of("name", "has space", "role", "viewer"));
        assertEquals(400, name.status());
        assertTrue(name.text().contains("name must be"), name.text());
        admin.post("/api/v1/tokens", Map.of("name", "tokens-test-twice", "role", "viewer")).expect(201);
        ApiResponse twice = admin.post("/api/v1/tokens", Map.of("name", "tokens-test-twice", "role", "viewer"));
        assertEquals(409, twice.status(), twice.text());
    }

    @Test
    void aFreeTextActorMustBeTheSignedInCaller() {
        ApiResponse answer = admin.post("/api/v1/models/nothing-here/aliases/champion",
                Map.of("version", 1, "reason", "r", "actor", "someone-else"));
        assertEquals(400, answer.status(), answer.text());
        assertTrue(answer.text().contains("actor 'someone-else' is not the signed-in caller 'admin'"), answer.text());
    }

    @Test
    void aFirstAdminTokenWhoseFileCouldNotBeWrittenIsNotKept() throws Exception {
        // This platform has its admin; for the test it has none, as on a first start.
        List<String> admins = all("select id from api_token where role = 'admin' and revoked_at is null");
        update("update api_token set revoked_at = now() where id in ('" + String.join("', '", admins) + "')");
        try {
            RuntimeException diskFull = new RuntimeException("No space left on device");
            RuntimeException thrown = assertThrows(RuntimeException.class,
                    () -> tokens.createFirstAdmin("tokens-test-first", created -> {
                        throw diskFull;
                    }));
            assertSame(diskFull, thrown);
            // Nobody could hold that token: neither it nor its audit record is kept, so the next start tries again.
            assertEquals("0", one("select count(*) from api_token where name = 'tokens-test-first'"));
            assertEquals("0", one("select count(*) from audit_event where target = 'token:tokens-test-first'"));

            List<String> delivered = new ArrayList<>();
            var created = tokens.createFirstAdmin("tokens-test-first", c -> delivered.add(c.token()));
            assertEquals(List.of(created.orElseThrow().token()), delivered);
            assertEquals("admin", one("select role from api_token where name = 'tokens-test-first'"));
            assertTrue(tokens.createFirstAdmin("tokens-test-second", c -> delivered.add(c.token())).isEmpty(),
                    "an admin exists now: no second first admin");
        } finally {
            update("update api_token set revoked_at = now() where name = 'tokens-test-first'");
            update("update api_token set revoked_at = null where id in ('" + String.join("', '", admins) + "')");
        }
    }

    private double verifications() {
        return meters.get("recflow.auth.token.verifications").counter().count();
    }

    private String one(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> all(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /**
     * Stores the token's hash again with 60 passes instead of 2 (as a raised cost would be stored): its check then
     * takes about a second and a half, so that a revocation lands inside it however loaded the machine is.
     */
    private void slowHash(String name, String token) throws Exception {
        String secret = token.substring(token.length() - 43);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int memoryKib = 19 * 1024;
        int passes = 60;
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memoryKib)
                .withIterations(passes).withParallelism(1).build());
        byte[] hash = new byte[32];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), hash);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        try (Connection c = database.getConnection();
             PreparedStatement st = c.prepareStatement("update api_token set secret_hash = ? where name = ?"
                     + " and revoked_at is null")) {
            st.setString(1, "$argon2id$v=19$m=" + memoryKib + ",t=" + passes + ",p=1$" + b64.encodeToString(salt)
                    + "$" + b64.encodeToString(hash));
            st.setString(2, name);
            assertEquals(1, st.executeUpdate());
        }
    }

    private void update(String sql) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.executeUpdate();
        }
    }
}
