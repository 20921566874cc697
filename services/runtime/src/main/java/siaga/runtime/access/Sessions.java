package siaga.intake.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import siaga.contracts.Json;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.User;

/**
 * Signs users in against the reference data's bcrypt hashes and issues session tokens. A token is
 * {@code base64url(principal JSON) "." base64url(HMAC-SHA256)}: stateless, so any intake instance sharing the
 * secret accepts it and nothing is stored. The same token is sent as the {@code siaga_session} cookie (for the
 * browser) and returned in the body (for {@code Authorization: Bearer}).
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

    private final ReferenceCatalog reference;
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public Sessions(ReferenceCatalog reference, String secret, Duration ttl, Clock clock) {
        this.reference = reference;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.ttl = ttl;
        this.clock = clock;
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
        Principal principal;
        try {
            principal = Json.MAPPER.readValue(payload, Principal.class);
        } catch (IOException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean userStillThere = reference.find(principal.jurisdiction()).stream()
                .flatMap(r -> r.users().stream())
                .anyMatch(u -> u.id().equals(principal.userId()) && u.role() == principal.role());
        return principal.expiresAt().isAfter(now) && userStillThere ? Optional.of(principal) : Optional.empty();
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
