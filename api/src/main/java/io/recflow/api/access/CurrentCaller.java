package io.recflow.api.access;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.recflow.api.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The caller of the current request, for services that record or check who asked. */
@RequestScoped
public class CurrentCaller {

    @Inject
    SecurityIdentity identity;

    /** The signed-in caller; an anonymous request gets a 401, a caller without a role a 403 saying why. */
    public Caller get() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        Role role = SignedInIdentity.role(identity);
        if (role == null) {
            throw new ForbiddenException(SignedInIdentity.whyNoRole(identity));
        }
        return new Caller(identity.getPrincipal().getName(), role);
    }

    /** How the caller signed in: {@link SignedInIdentity#WITH_TOKEN} or {@link SignedInIdentity#WITH_OIDC}. */
    public String signedInWith() {
        return SignedInIdentity.signedInWith(identity);
    }

    /**
     * The caller, for a request that may still carry the free-text {@code actor} of the time before sign-in:
     * accepted only when it names the caller, so the audit log never records a name someone typed.
     */
    public Caller actingAs(String actor) {
        Caller me = get();
        if (actor != null && !actor.equals(me.name())) {
            throw ProblemException.badRequest("actor '" + actor + "' is not the signed-in caller '" + me.name()
                    + "': leave actor out, the caller is what the audit log records");
        }
        return me;
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public boolean has(String permission) {
        return identity.hasRole(permission);
    }
}
