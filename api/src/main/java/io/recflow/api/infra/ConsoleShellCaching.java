package io.recflow.api.infra;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's shell ({@code /}, {@code /index.html}) is revalidated on every visit, so a browser picks up a
 * new bundle as soon as the platform serves one. Quarkus marks every static resource immutable for a day,
 * which suits the bundle's hashed assets (a new build has new names) but not the page that names them. The
 * header is set as the response's headers go out, after the static handler has set its own.
 */
@ApplicationScoped
public class ConsoleShellCaching {

    void install(@Observes Router router) {
        router.routeWithRegex("/(index\\.html)?").order(Integer.MIN_VALUE).handler(context -> {
            context.response().headersEndHandler(ignored ->
                    context.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache"));
            context.next();
        });
    }
}
