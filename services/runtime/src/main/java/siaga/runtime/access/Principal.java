package siaga.runtime.access;

import java.time.Instant;
import siaga.contracts.Actor;
import siaga.contracts.ActorRole;
import siaga.runtime.http.ProblemException;

/** Who a request is signed in as: the user, their role, their crew (crew leads only), their jurisdiction, until when. */
public record Principal(String userId, ActorRole role, String crewId, String jurisdiction, Instant expiresAt) {
    public Actor actor() {
        return new Actor(role, userId);
    }

    /**
     * Whether this user may see reporters' names and phone numbers of {@code jurisdiction}'s complaints: operators
     * and managers of that jurisdiction only (issue 4), never inspectors or crews.
     */
    public boolean seesPersonalDataOf(String jurisdiction) {
        return (role == ActorRole.OPERATOR || role == ActorRole.MANAGER) && this.jurisdiction.equals(jurisdiction);
    }

    /** Nothing when {@code jurisdiction} is this user's own; a 403 problem naming {@code what} otherwise. */
    public void requireJurisdiction(String jurisdiction, String what) {
        if (!this.jurisdiction.equals(jurisdiction)) {
            throw ProblemException.forbidden(what + " belongs to another jurisdiction than yours (" + this.jurisdiction + ")");
        }
    }

    /** The crew a crew lead speaks for; a 403 problem for anyone else. */
    public String requireCrew() {
        if (role != ActorRole.CREW || crewId == null) {
            throw ProblemException.forbidden("only a crew lead signed in for their crew may do this");
        }
        return crewId;
    }
}
