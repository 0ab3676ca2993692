package io.recflow.api.access;

import java.util.List;

/**
 * The signed-in caller, its role and what it may do: what the console's header shows and hides by;
 * {@code signedInWith} is {@code token} (a recflow API token) or {@code oidc} (the identity provider).
 */
public record WhoAmI(String name, String role, List<String> permissions, boolean fourEyes, String signedInWith) {
}
