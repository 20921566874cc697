package siaga.contracts.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type, registered by hand: a wire name is a promise to integrators and never derives from a
 * class name. A new version of a type is a new entry here and a new schema file beside the old one.
 */
public final class EventTypes {
    public static final List<EventType> ALL = List.of(
            new EventType("complaint.reported", 1, ComplaintReported.class),
            new EventType("complaint.dispatched", 1, ComplaintDispatched.class),
            new EventType("complaint.queued", 1, ComplaintQueued.class),
            new EventType("job.acknowledged", 1, JobAcknowledged.class),
            new EventType("job.resolved", 1, JobResolved.class),
            new EventType("shift.started", 1, ShiftStarted.class),
            new EventType("shift.ended", 1, ShiftEnded.class),
            new EventType("stage.met", 1, StageMet.class),
            new EventType("stage.breached", 1, StageBreached.class));

    private static final Map<Class<?>, EventType> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));
    private static final Map<String, EventType> BY_WIRE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(t -> t.name() + "/" + t.version(), Function.identity()));

    private EventTypes() {
    }

    public static EventType of(Class<?> payloadClass) {
        EventType type = BY_CLASS.get(payloadClass);
        if (type == null) {
            throw new IllegalArgumentException("no event type registered for " + payloadClass.getName());
        }
        return type;
    }

    public static Optional<EventType> find(String name, int version) {
        return Optional.ofNullable(BY_WIRE.get(name + "/" + version));
    }
}
