package io.recflow.api.access;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.HeaderConfig;

/**
 * Every {@code @QuarkusTest}'s REST Assured requests carry the platform's admin token, as the console and the
 * CLI send theirs: the tests of what endpoints do need not repeat it. What roles may do is tested apart
 * ({@code RoleTableTest}), with tokens of each role that replace this one.
 */
public class SignedInAsAdmin implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.config = RestAssured.config().headerConfig(HeaderConfig.headerConfig()
                .overwriteHeadersWithName("Authorization", "Content-Type", "Accept"));
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + TestTokens.admin()).build();
    }
}
