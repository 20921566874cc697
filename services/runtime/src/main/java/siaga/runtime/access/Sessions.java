package siaga.runtime.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.User;

/**
 * Signs users in against the reference data's bcrypt hashes and issues session tokens. A token is
 * {@code base64url(principal JSON) "." base64url(HMAC-SHA256)}: stateless, so any instance of any service sharing
 * the secret ({@code SIAGA_SESSION_SECRET}) accepts it and nothing is stored. The same token is sent as the
 * {@code siaga_session} cookie (for the browser) and returned in the body (for {@code Authorization: Bearer}).
 *
 * <p>bcrypt runs only at sign-in. A token once verified is kept (by its text, at most {@value #CACHED_TOKENS} of
 * them) until it expires, so each request costs a map lookup, the expiry check and the check that the user is
 * still in the reference data, rather than an HMAC and a JSON parse.
 *
 * <p>Deliberately not here: signing out before expiry (a token is valid until {@code expiresAt}; revoking one
 * needs a deny list, later work) and password changes (the reference data is configuration as code).
 *
 * <p>Thread-safe.
 */
public final class Sessions {
    /** Checked when the user is unknown, so that a wrong user name costs as long as a wrong password. */
    private static final byte[] DUMMY_HASH =
            "$2a$10$M3OfwRYXOOZ1NMMo1EVWr.BvMTg0H6cPUMO7L3/V92w24cL0dEh7m".getBytes(StandardCharsets.UTF_8);

    static final int CACHED_TOKENS = 100_000;

    private final ReferenceCatalog reference;
    private final Cache<String, Principal> verified;
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(ReferenceCatalog reference, String secret, Duration ttl, Clock clock) {
        this.reference = reference;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHED_TOKENS)
                // verify() checks expiry on the injected clock; the cache's own timer only frees the memory
                .expireAfter(Expiry.<String, Principal>creating((token, principal) -> {
                    Duration left = Duration.between(clock.instant(), principal.expiresAt());
                    return left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    /** A signed-in session: the principal and its token. */
    public record Session(Principal principal, String token) {
    }

    /** Signs in {@code userId} of {@code jurisdiction}; empty when the user is unknown or the password wrong. */
    public Optional<Session> signIn(ReferenceData jurisdiction, String userId, String password) {
        Optional<User> user = jurisdiction.users().stream().filter(u -> u.id().equals(userId)).findFirst();
        byte[] hash = user.map(u -> u.passwordHash().getBytes(StandardCharsets.UTF_8)).orElse(DUMMY_HASH);
        boolean verified = BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash).verified;
        if (user.isEmpty() || !verified) {
            return Optional.empty();
        }
        User u = user.get();
        Principal principal = new Principal(u.id(), u.role(), u.crewId(), jurisdiction.jurisdiction().id(),
                clock.instant().plus(ttl));
        return Optional.of(new Session(principal, sign(principal)));
    }

    /** The principal of a token that this deployment signed, that has not expired and whose user still exists. */
    public Optional<Principal> verify(String token) {
        Principal principal = verified.getIfPresent(token);
        if (principal == null) {
            principal = decode(token).orElse(null);
            if (principal == null) {
                return Optional.empty();
            }
            verified.put(token, principal);
        }
        return principal.expiresAt().isAfter(clock.instant()) && stillThere(principal) ? Optional.of(principal)
                : Optional.empty();
    }

    /** The principal a token carries if this deployment signed it; its expiry is not checked here. */
    private Optional<Principal> decode(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(payload, Principal.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A user removed from the reference data, or given another role or crew, is signed out at once. */
    private boolean stillThere(Principal principal) {
        return reference.find(principal.jurisdiction()).stream()
                .flatMap(r -> r.users().stream())
                .anyMatch(u -> u.id().equals(principal.userId()) && u.role() == principal.role()
                        && Objects.equals(u.crewId(), principal.crewId()));
    }

    public Duration ttl() {
        return ttl;
    }

    private String sign(Principal principal) {
        try {
            byte[] payload = Json.MAPPER.writeValueAsBytes(principal);
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            return encoder.encodeToString(payload) + "." + encoder.encodeToString(mac(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
