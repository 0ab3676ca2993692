package io.recflow.api.access;

/** A new token: {@code token} is the secret, shown this once and stored only as a hash. */
public record CreatedToken(String token, TokenView details) {
}
