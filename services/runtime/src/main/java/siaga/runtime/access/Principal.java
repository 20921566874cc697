package siaga.intake.access;

import java.time.Instant;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;

/** Who a request is signed in as: the user, their role, their crew (crew members only), until when. */
public record Principal(String userId, ActorRole role, String crewId, String jurisdiction, Instant expiresAt) {
    public Actor actor() {
        return new Actor(role, userId);
    }
}
