package siaga.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.EventType;
import siaga.contracts.events.EventTypes;

/**
 * The envelope every event travels in (DESIGN.md, "Events and topics"), with the fact itself in {@code data}.
 *
 * <p>{@code type} and {@code schemaVersion} are not chosen by callers: they are the permanent wire name and
 * version registered for the payload's class in {@link EventTypes}, and the constructor rejects a mismatch.
 * {@code eventId} is the idempotency key every consumer deduplicates on.
 */
public record Event<P extends EventPayload>(
        UUID eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String jurisdiction,
        String subjectId,
        Actor actor,
        String correlationId,
        P data) {

    public Event {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Checks.text(jurisdiction, "jurisdiction", 40);
        Checks.text(subjectId, "subjectId", 100);
        Objects.requireNonNull(actor, "actor");
        Checks.text(correlationId, "correlationId", 100);
        Objects.requireNonNull(data, "data");
        EventType registered = EventTypes.of(data.getClass());
        if (!registered.name().equals(type) || registered.version() != schemaVersion) {
            throw new IllegalArgumentException("type " + type + " v" + schemaVersion + " does not match "
                    + data.getClass().getSimpleName() + ", registered as " + registered);
        }
    }

    /** A new event with a fresh id; the correlation id ties it to the request or event that caused it. */
    public static <P extends EventPayload> Event<P> of(
            P data, String jurisdiction, String subjectId, Actor actor, String correlationId, Instant occurredAt) {
        EventType type = EventTypes.of(data.getClass());
        return new Event<>(UUID.randomUUID(), type.name(), type.version(), occurredAt, jurisdiction, subjectId,
                actor, correlationId, data);
    }

    /** An event caused by this one: same jurisdiction, subject and correlation. */
    public <Q extends EventPayload> Event<Q> followedBy(Q next, Actor by, Instant at) {
        return of(next, jurisdiction, subjectId, by, correlationId, at);
    }
}
