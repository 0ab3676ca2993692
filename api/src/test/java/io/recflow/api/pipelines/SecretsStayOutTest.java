package io.recflow.api.pipelines;

import io.quarkus.test.junit.QuarkusTest;
import io.recflow.api.access.Role;
import io.recflow.api.access.TestTokens;
import io.recflow.cli.client.RecflowApi;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials never leave the platform: after a whole run, failed sign-ins and refused requests, neither the
 * log nor a problem detail nor a {@code /q} endpoint holds the S3 keys, the database password, an API token
 * or a token's secret. The test platform's S3 keys and database password are random, so a match cannot be a
 * coincidence.
 */
@QuarkusTest
@Tag("pipeline")
class SecretsStayOutTest {

    @ConfigProperty(name = "recflow.s3.access-key")
    String s3AccessKey;
    @ConfigProperty(name = "recflow.s3.secret-key")
    String s3SecretKey;
    @ConfigProperty(name = "quarkus.datasource.password")
    String databasePassword;
    @ConfigProperty(name = "quarkus.log.file.path")
    Path log;

    @Test
    void noCredentialAppearsInLogsProblemsOrInternals() throws Exception {
        String runner = TestTokens.of("secrets-runner", Role.RUNNER);
        String admin = TestTokens.admin();
        RecflowApi asRunner = TestTokens.platform(runner);
        PipelineClient.SmallData data = PipelineClient.smallDataset("secrets-data", 5);
        String id = asRunner.post("/api/v1/pipelines", PipelineClient.spec("secrets", data.folder(), 0.01))
                .expect(202).json().get("id").asText();
        PipelineClient.awaitCompleted(id);

        List<String> answers = new ArrayList<>();
        // Refused: a forged token, a runner where an admin is needed, a bad spec, an unknown model.
        answers.add(TestTokens.platform(runner + "x").get("/api/v1/pipelines").text());
        answers.add(asRunner.post("/api/v1/tokens", Map.of("name", "x", "role", "admin")).text());
        answers.add(asRunner.post("/api/v1/pipelines", Map.of("model", "secrets", "data", Map.of("uri",
                "s3://another-bucket/x"))).text());
        answers.add(asRunner.get("/api/v1/models/no-such-model").text());
        RecflowApi asAdmin = TestTokens.platform(admin);
        for (String internal : List.of("/q/openapi", "/q/health", "/q/metrics")) {
            answers.add(asAdmin.get(internal).text());
        }
        answers.add(Files.readString(log));

        List<String> secrets = List.of(s3AccessKey, s3SecretKey, databasePassword, admin, runner, secretOf(admin), secretOf(runner));
        for (String text : answers) {
            for (String secret : secrets) {
                int at = text.indexOf(secret);
                // The message is built only on failure: the secret's surroundings, never the whole secret.
                assertTrue(at < 0, () -> "a credential (" + secret.substring(0, 6) + "...) appears in: "
                        + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 50)));
            }
        }
        assertTrue(Files.readString(log).contains("started pipeline " + id), "the log is the one the platform writes");
    }

    /** The secret part of {@code rft_<16 hex id>_<secret>}; the secret's own alphabet includes '_'. */
    private static String secretOf(String token) {
        return token.substring("rft_".length() + 16 + 1);
    }
}
