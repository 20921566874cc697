package siaga.contracts;

import java.util.Objects;

/** Who caused an event: a role and the id of the person, crew or system acting in it. */
public record Actor(ActorRole role, String id) {
    public Actor {
        Objects.requireNonNull(role, "role");
        Checks.text(id, "actor id", 100);
    }

    public static Actor system(String service) {
        return new Actor(ActorRole.SYSTEM, service);
    }
}
