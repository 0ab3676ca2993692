package io.recflow.api.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * What recflow knows of a signed-in caller beyond its name, kept as attributes of the security identity: its
 * {@link Role} (whose permissions are the identity's roles, what {@code @RolesAllowed} checks), how it signed
 * in, and — for an identity-provider user without exactly one recflow role — why it may do nothing.
 */
final class SignedInIdentity {

    /** How a caller signed in: with a recflow API token, or with the identity provider's access token. */
    public static final String WITH_TOKEN = "token";
    public static final String WITH_OIDC = "oidc";

    private static final String ROLE = "recflow.role";
    private static final String SIGNED_IN_WITH = "recflow.signed-in-with";
    private static final String NO_ROLE = "recflow.no-role";

    private SignedInIdentity() {
    }

    /** An identity with {@code role}'s permissions; {@code base} keeps the principal, credentials and attributes. */
    static SecurityIdentity withRole(QuarkusSecurityIdentity.Builder base, Role role, String signedInWith) {
        return base.addRoles(role.permissions()).addAttribute(ROLE, role).addAttribute(SIGNED_IN_WITH, signedInWith)
                .build();
    }

    /** A signed-in identity with no permission at all, and the sentence saying why. */
    static SecurityIdentity withoutRole(QuarkusSecurityIdentity.Builder base, String why, String signedInWith) {
        return base.addAttribute(NO_ROLE, why).addAttribute(SIGNED_IN_WITH, signedInWith).build();
    }

    public static Role role(SecurityIdentity identity) {
        return identity.getAttribute(ROLE);
    }

    public static String signedInWith(SecurityIdentity identity) {
        return identity.getAttribute(SIGNED_IN_WITH);
    }

    /** Why a signed-in caller has no role, or null when it has one. */
    public static String whyNoRole(SecurityIdentity identity) {
        return identity.getAttribute(NO_ROLE);
    }
}
