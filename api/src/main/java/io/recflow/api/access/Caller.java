package io.recflow.api.access;

/** Who is calling: the authenticated principal's name (a token's name) and its role. */
public record Caller(String name, Role role) {

    /** The platform itself, e.g. creating the first admin token. */
    public static final Caller SYSTEM = new Caller("recflow", Role.ADMIN);
}
