package io.recflow.api.access;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;

/** The console's page, the API and the health checks answer with headers that keep them from being framed or sniffed. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (String path : List.of("/", "/api/v1/auth/config", "/api/v1/pipelines", "/q/health/live")) {
            given().get(path).then()
                    .header("Content-Security-Policy", "frame-ancestors 'none'")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        }
    }
}
