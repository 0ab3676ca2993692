package io.recflow.api.access;

import java.util.List;

/** The signed-in caller, its role and what it may do: what the console's header shows and hides by. */
public record WhoAmI(String name, String role, List<String> permissions, boolean fourEyes) {
}
