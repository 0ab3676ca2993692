package io.recflow.api.access;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The five roles a token (or an OIDC user) has, and the {@link Permission}s each grants. */
public enum Role {
    VIEWER(Permission.READ),
    RUNNER(Permission.READ, Permission.RUN),
    APPROVER(Permission.READ, Permission.APPROVE),
    ADMIN(Permission.READ, Permission.RUN, Permission.APPROVE, Permission.ADMIN, Permission.RECOMMEND),
    CLIENT(Permission.RECOMMEND);

    private final Set<String> permissions;

    Role(String... permissions) {
        this.permissions = Set.of(permissions);
    }

    public Set<String> permissions() {
        return permissions;
    }

    /** The name users type and the API shows: {@code viewer}, {@code runner}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles holding {@code permission}, for a 403 that says who could do it. */
    public static List<String> holding(String permission) {
        return Arrays.stream(values()).filter(r -> r.permissions.contains(permission)).map(Role::id).toList();
    }

    /** What a 403 says is missing: "it needs permission a or b, which roles x, y have". */
    public static String whatItNeeds(List<String> permissions) {
        return "it needs permission " + String.join(" or ", permissions) + ", which roles "
                + String.join(", ", permissions.stream().flatMap(p -> holding(p).stream()).distinct().toList()) + " have";
    }

    public static Role of(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be one of " + ids() + ", got '" + id + "'");
    }

    public static String ids() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
