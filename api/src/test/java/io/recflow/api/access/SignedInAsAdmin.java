package io.recflow.api.access;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every {@code @QuarkusTest}'s REST Assured requests carry the platform's admin token unless they name another
 * (or none is wanted: {@link TestTokens#platform(String)}), as the console and the CLI send theirs: the tests
 * of what endpoints do need not repeat it. What roles may do is tested apart ({@code RoleTableTest}).
 * A filter rather than a default request specification: a specification would pin the port of the first
 * application started, and a test profile restarts it on another.
 */
public class SignedInAsAdmin implements QuarkusTestBeforeEachCallback {

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (INSTALLED.compareAndSet(false, true)) {
            Filter signIn = (request, response, next) -> {
                if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", "Bearer " + TestTokens.admin());
                }
                return next.next(request, response);
            };
            RestAssured.filters(signIn);
        }
    }
}
