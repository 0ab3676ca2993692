package io.recflow.api.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.recflow.activities.store.ArtifactHasher;
import io.recflow.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens: created with a role, shown once, stored as an Argon2id hash of their secret, listed,
 * expiring, revoked. A token reads {@code rft_<id>_<secret>}: the id finds the row without a scan, the
 * secret is checked against the slow hash.
 * <p>
 * A verified token is remembered (by the SHA-256 of the whole token, never the token) for up to
 * {@link #REMEMBER}, so the slow hash is paid once a minute per token, not per request. Requests that arrive
 * with a token not remembered (its first use, or the minute has run out) wait for one check of it rather
 * than each running its own: at concurrency 64 one client's requests all missed together every minute, and
 * 64 Argon2 hashes of 19 MiB each stalled both cores for seconds. Revoking forgets it at once in this
 * process, including a check of it that was running meanwhile and would remember it afterwards; another
 * replica may accept it until its memory of it runs out.
 */
@ApplicationScoped
public class ApiTokens {

    static final Duration REMEMBER = Duration.ofSeconds(60);
    static final int DEFAULT_DAYS = 90;
    private static final int MAX_DAYS = 3650;
    private static final String PREFIX = "rft_";
    private static final Pattern TOKEN = Pattern.compile(PREFIX + "([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** Whether a bearer token is meant as one of recflow's own (rather than an identity provider's). */
    public static boolean looksLikeApiToken(String token) {
        return token.startsWith(PREFIX);
    }

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    private final SecretHasher hasher = new SecretHasher();
    private final SecureRandom random = new SecureRandom();
    /** Verified tokens until their {@code until}; Caffeine runs one check per token for concurrent callers. */
    private final Cache<String, Remembered> verified = Caffeine.newBuilder()
            .expireAfter(Expiry.creating((String key, Remembered known) -> Duration.between(Instant.now(), known.until())))
            .build();
    /**
     * Token ids revoked within {@link #REMEMBER}: a check that read the row before the revocation committed
     * may remember the token after it was forgotten, and is not believed.
     */
    private final Cache<String, Boolean> recentlyRevoked = Caffeine.newBuilder().expireAfterWrite(REMEMBER).build();
    private Counter verifications;

    @Inject
    void countVerifications(MeterRegistry meters) {
        verifications = Counter.builder("recflow.auth.token.verifications")
                .description("API token secrets checked against their slow hash (not remembered yet, or no longer)")
                .register(meters);
    }

    private record Remembered(Caller caller, String tokenId, Instant until) {
    }

    /** Creates a token for {@code request}; {@code expiresInDays} null means the default, 0 never expires. */
    @Transactional
    public CreatedToken create(TokenRequest request, Caller by) {
        if (request == null) {
            throw ProblemException.badRequest("the request body must be a token request: {\"name\": ..., \"role\": ...}");
        }
        String name = request.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("name must be 1 to 100 letters, digits or . _ @ - (starting with a"
                    + " letter or digit), got " + (name == null ? "none" : "'" + name + "'"));
        }
        Role role;
        try {
            role = Role.of(request.role());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        int days = request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
        if (days < 0 || days > MAX_DAYS) {
            throw ProblemException.badRequest("expiresInDays must be in 0.." + MAX_DAYS + " (0: never), got " + days);
        }
        Optional<ApiTokenEntity> holder = unrevokedByName(name);
        if (holder.isPresent() && holder.get().live(Instant.now())) {
            throw ProblemException.conflict("a live token named '" + name + "' exists; revoke it first or pick"
                    + " another name");
        }
        // An expired token still holds its name (the index allows one unrevoked token per name): retire it.
        holder.ifPresent(expired -> {
            expired.revokedAt = Instant.now();
            expired.revokedBy = by.name();
            em.flush();
        });
        CreatedToken created = insert(name, role, days == 0 ? null : Duration.ofDays(days), by);
        audit.record(by, "token.create", "token:" + name, "role " + role.id()
                + (days == 0 ? ", never expires" : ", expires in " + days + " days"));
        return created;
    }

    /**
     * The first admin token of a platform that has none, created by the platform itself and handed to
     * {@code deliver} before it is committed: if delivering fails (the file cannot be written), no token is left
     * whose secret nobody has, and the next start tries again.
     */
    @Transactional
    public Optional<CreatedToken> createFirstAdmin(String name, Consumer<CreatedToken> deliver) {
        Long admins = em.createQuery("select count(t) from ApiTokenEntity t where t.role = 'admin'"
                + " and t.revokedAt is null and (t.expiresAt is null or t.expiresAt > :now)", Long.class)
                .setParameter("now", Instant.now()).getSingleResult();
        if (admins > 0) {
            return Optional.empty();
        }
        CreatedToken created = insert(name, Role.ADMIN, null, Caller.SYSTEM);
        audit.record(Caller.SYSTEM, "token.create", "token:" + name, "the first admin token, never expires");
        deliver.accept(created);
        return Optional.of(created);
    }

    private CreatedToken insert(String name, Role role, Duration lifetime, Caller by) {
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = Instant.now();
        ApiTokenEntity token = new ApiTokenEntity(id, name, role, hasher.hash(secret), by.name(), now,
                lifetime == null ? null : now.plus(lifetime));
        em.persist(token);
        return new CreatedToken(PREFIX + id + "_" + secret, token.view(now));
    }

    @Transactional
    public List<TokenView> list() {
        Instant now = Instant.now();
        return em.createQuery("from ApiTokenEntity t order by t.createdAt desc", ApiTokenEntity.class)
                .getResultList().stream().map(t -> t.view(now)).toList();
    }

    /** Revokes the live token with this id or name. */
    @Transactional
    public TokenView revoke(String idOrName, Caller by) {
        ApiTokenEntity token = Optional.ofNullable(em.find(ApiTokenEntity.class, idOrName))
                .filter(t -> t.revokedAt == null)
                .or(() -> unrevokedByName(idOrName))
                .orElseThrow(() -> ProblemException.notFound("there is no live token with id or name '" + idOrName
                        + "' (GET /api/v1/tokens lists them)"));
        token.revokedAt = Instant.now();
        token.revokedBy = by.name();
        recentlyRevoked.put(token.id, true);
        verified.asMap().values().removeIf(r -> r.tokenId().equals(token.id));
        audit.record(by, "token.revoke", "token:" + token.name, "id " + token.id);
        return token.view(Instant.now());
    }

    /** The caller of a token verified within {@link #REMEMBER}, without blocking; empty when it was not. */
    public Optional<Caller> remembered(String token) {
        String key = cacheKey(token);
        return believed(key, verified.getIfPresent(key));
    }

    /**
     * The caller a token signs in as, if it is well formed, known, live and its secret matches. Blocks:
     * it may read the database and run the slow hash.
     */
    public Optional<Caller> authenticate(String token) {
        String key = cacheKey(token);
        return believed(key, verified.get(key, k -> QuarkusTransaction.joiningExisting().call(() -> verify(token))));
    }

    /** The remembered caller, unless its token was revoked since it was checked (then it is forgotten). */
    private Optional<Caller> believed(String key, Remembered known) {
        if (known != null && recentlyRevoked.getIfPresent(known.tokenId()) != null) {
            verified.invalidate(key);
            return Optional.empty();
        }
        return Optional.ofNullable(known).map(Remembered::caller);
    }

    /** The token checked against the database and its slow hash: what to remember of it, or null if it fails. */
    private Remembered verify(String token) {
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            return null;
        }
        Instant now = Instant.now();
        ApiTokenEntity row = em.find(ApiTokenEntity.class, parts.group(1));
        if (row == null || !row.live(now)) {
            return null;
        }
        verifications.increment();
        if (!hasher.matches(parts.group(2), row.secretHash)) {
            return null;
        }
        Instant until = now.plus(REMEMBER);
        return new Remembered(new Caller(row.name, Role.of(row.role)), row.id,
                row.expiresAt != null && row.expiresAt.isBefore(until) ? row.expiresAt : until);
    }

    /** The token holding the name: not revoked, possibly expired (the index allows one such per name). */
    private Optional<ApiTokenEntity> unrevokedByName(String name) {
        return em.createQuery("from ApiTokenEntity t where t.name = :name and t.revokedAt is null",
                        ApiTokenEntity.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /** Verified tokens are remembered under their digest: the cache never holds a token itself. */
    private static String cacheKey(String token) {
        return ArtifactHasher.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
