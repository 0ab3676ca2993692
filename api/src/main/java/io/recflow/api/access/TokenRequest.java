package io.recflow.api.access;

/** A token to create: its name (the principal it signs in as), role, and days until it expires (default 90). */
public record TokenRequest(String name, String role, Integer expiresInDays) {
}
