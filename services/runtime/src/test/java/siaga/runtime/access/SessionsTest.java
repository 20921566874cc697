package siaga.runtime.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import siaga.contracts.ActorRole;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;

class SessionsTest {
    static final Instant NOW = Instant.parse("2026-03-04T02:00:00Z");
    static final String SECRET = "a-test-secret-of-at-least-32-characters";
    static final ReferenceCatalog DEMO = ReferenceCatalog.demo();

    /** A clock the test moves; runtime's tests cannot use the testing module, which depends on runtime. */
    static final class MovingClock extends Clock {
        Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final MovingClock clock = new MovingClock();
    final Sessions sessions = new Sessions(DEMO, SECRET, Duration.ofHours(12), clock);

    @Test
    void aCrewLeadSignsInForTheirCrewAndTheTokenNamesThemUntilItExpires() {
        Sessions.Session session = sessions.signIn(DEMO.get("madiun"), "crew-dlh-2", "siaga-demo-crew").orElseThrow();

        Principal expected = new Principal("crew-dlh-2", ActorRole.CREW, "dlh-2", "madiun", NOW.plus(Duration.ofHours(12)));
        assertThat(session.principal()).isEqualTo(expected);
        assertThat(sessions.verify(session.token())).contains(expected);
        clock.now = NOW.plus(Duration.ofHours(12)).minusMillis(1);
        assertThat(sessions.verify(session.token())).contains(expected);
        clock.now = NOW.plus(Duration.ofHours(12));
        assertThat(sessions.verify(session.token())).isEmpty();
    }

    @Test
    void aWrongPasswordAnUnknownUserAndAnotherJurisdictionsUserAreRefusedAlike() {
        assertThat(sessions.signIn(DEMO.get("madiun"), "op-sri", "siaga-demo-manager")).isEmpty();
        assertThat(sessions.signIn(DEMO.get("madiun"), "op-nobody", "siaga-demo-operator")).isEmpty();
        assertThat(sessions.signIn(DEMO.get("madiun"), "op-rina", "siaga-demo-operator")).isEmpty();
        assertThat(sessions.signIn(DEMO.get("banjarbaru"), "op-rina", "siaga-demo-operator"))
                .hasValueSatisfying(s -> assertThat(s.principal().jurisdiction()).isEqualTo("banjarbaru"));
    }

    @Test
    void aTamperedTokenOrOneSignedWithAnotherSecretIsRefused() {
        String token = sessions.signIn(DEMO.get("madiun"), "insp-budi", "siaga-demo-inspector").orElseThrow().token();
        String payload = token.substring(0, token.indexOf('.'));
        String asManager = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)
                        .replace("\"inspector\"", "\"manager\"").getBytes(StandardCharsets.UTF_8));

        assertThat(sessions.verify(asManager + token.substring(token.indexOf('.')))).isEmpty();
        assertThat(sessions.verify(token + "x")).isEmpty();
        assertThat(sessions.verify("not-a-token")).isEmpty();
        assertThat(new Sessions(DEMO, SECRET.replace('a', 'b'), Duration.ofHours(12), clock).verify(token)).isEmpty();
    }

    @Test
    void aUserRemovedFromTheReferenceDataIsSignedOutAtOnceEvenWithAVerifiedToken() {
        ReferenceData madiun = DEMO.get("madiun");
        List<ReferenceData.User> withoutAni = madiun.users().stream().filter(u -> !u.id().equals("mgr-ani")).toList();
        ReferenceCatalog changed = new ReferenceCatalog(List.of(new ReferenceData(madiun.jurisdiction(), madiun.districts(),
                madiun.departments(), madiun.categories(), madiun.crews(), withoutAni, madiun.integrators())));
        String token = sessions.signIn(madiun, "mgr-ani", "siaga-demo-manager").orElseThrow().token();
        assertThat(sessions.verify(token)).isPresent();

        assertThat(new Sessions(changed, SECRET, Duration.ofHours(12), clock).verify(token)).isEmpty();
    }
}
