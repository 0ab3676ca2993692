package io.recflow.api.access;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;

/**
 * Gives a user signed in through the identity provider its recflow role. Quarkus OIDC reads the roles from the
 * claim {@code quarkus.oidc.roles.role-claim-path} (Keycloak's realm roles by default); the one among them that
 * names a recflow {@link Role} is the user's role, as a token has one. A user with none, or with several (which
 * one would the audit log name?), is signed in but may do nothing, and every 403 says why.
 */
@ApplicationScoped
public class OidcRoles implements SecurityIdentityAugmentor {

    @ConfigProperty(name = "quarkus.oidc.roles.role-claim-path")
    String roleClaim;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getCredential(AccessTokenCredential.class) == null) {
            return Uni.createFrom().item(identity);  // an API token's identity already has its role
        }
        return Uni.createFrom().item(withRecflowRole(identity));
    }

    private SecurityIdentity withRecflowRole(SecurityIdentity user) {
        List<Role> roles = Arrays.stream(Role.values()).filter(role -> user.getRoles().contains(role.id())).toList();
        // Only recflow's permissions count: the provider's other roles must not pass a @RolesAllowed check.
        QuarkusSecurityIdentity.Builder base = QuarkusSecurityIdentity.builder()
                .setPrincipal(user.getPrincipal())
                .addCredentials(user.getCredentials())
                .addAttributes(user.getAttributes());
        if (roles.size() == 1) {
            return SignedInIdentity.withRole(base, roles.get(0), SignedInIdentity.WITH_OIDC);
        }
        String name = user.getPrincipal().getName();
        String why = roles.isEmpty()
                ? "the identity provider's user " + name + " has no recflow role in claim '" + roleClaim
                        + "': give them one of " + Role.ids()
                : "the identity provider's user " + name + " has several recflow roles in claim '" + roleClaim + "' ("
                        + String.join(", ", roles.stream().map(Role::id).toList()) + "): give them exactly one";
        return SignedInIdentity.withoutRole(base, why, SignedInIdentity.WITH_OIDC);
    }
}
