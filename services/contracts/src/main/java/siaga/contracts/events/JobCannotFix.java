package siaga.contracts.events;

import java.time.Instant;
import java.util.Objects;
import siaga.contracts.Checks;

/** The crew cannot fix it: another department is needed ({@code neededDepartment}); it goes back to dispatch. */
public record JobCannotFix(String crewId, String neededDepartment, String reason, Instant receivedAt) implements FieldEvent {
    public JobCannotFix {
        Checks.text(crewId, "crewId", 100);
        Checks.text(neededDepartment, "neededDepartment", 40);
        Checks.text(reason, "reason", 2000);
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
