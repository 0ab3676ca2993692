package io.recflow.api.access;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Who may ask a served model for recommendations: callers with {@link Permission#RECOMMEND}, and anyone for
 * the models listed in {@code recflow.auth.open-models} (e.g. a public demo). Checked per model, which
 * {@code @RolesAllowed} cannot do.
 */
@ApplicationScoped
public class RecommendationAccess {

    @ConfigProperty(name = "recflow.auth.open-models")
    Optional<List<String>> openModels;
    @Inject
    CurrentCaller caller;

    public void require(String model) {
        if (openModels.orElse(List.of()).contains(model)) {
            return;
        }
        if (caller.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!caller.has(Permission.RECOMMEND)) {
            Caller me = caller.get();
            throw new ForbiddenException(me.name() + " (role " + me.role().id() + ") may not ask " + model
                    + " for recommendations: " + Role.whatItNeeds(List.of(Permission.RECOMMEND)) + ", or the model"
                    + " listed in recflow.auth.open-models");
        }
    }
}
