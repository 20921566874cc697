package siaga.contracts.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type, registered by hand: a wire name is a promise to integrators and never derives from a
 * class name. {@link #ALL} are the versions written today, one per payload class. A new version of a type gets
 * a new schema file beside the old one, and the old version moves to {@link #LEGACY} with the step that turns
 * its data into the current version's, so that every record ever written still reads.
 */
public final class EventTypes {
    public static final List<EventType> ALL = List.of(
            new EventType("complaint.reported", 3, ComplaintReported.class),
            new EventType("complaint.cancelled", 1, ComplaintCancelled.class),
            new EventType("complaint.closed", 1, ComplaintClosed.class),
            new EventType("complaint.note-added", 1, NoteAdded.class),
            new EventType("complaint.split", 1, ComplaintSplit.class),
            new EventType("complaint.priority-changed", 1, ComplaintPriorityChanged.class),
            new EventType("complaint.clock-paused", 1, ClockPaused.class),
            new EventType("complaint.clock-resumed", 1, ClockResumed.class),
            new EventType("complaint.dispatched", 2, ComplaintDispatched.class),
            new EventType("complaint.queued", 2, ComplaintQueued.class),
            new EventType("complaint.merged", 1, ComplaintMerged.class),
            new EventType("complaint.escalated", 1, ComplaintEscalated.class),
            new EventType("complaint.reassigned", 1, ComplaintReassigned.class),
            new EventType("supervisor.alerted", 1, SupervisorAlerted.class),
            new EventType("job.acknowledged", 2, JobAcknowledged.class),
            new EventType("job.declined", 1, JobDeclined.class),
            new EventType("job.en-route", 1, JobEnRoute.class),
            new EventType("job.on-scene", 1, JobOnScene.class),
            new EventType("job.resolved", 2, JobResolved.class),
            new EventType("job.cannot-fix", 1, JobCannotFix.class),
            new EventType("shift.started", 2, ShiftStarted.class),
            new EventType("shift.ended", 1, ShiftEnded.class),
            new EventType("crew.location-reported", 1, CrewLocationReported.class),
            new EventType("stage.met", 2, StageMet.class),
            new EventType("stage.breached", 2, StageBreached.class),
            new EventType("stage.at-risk", 2, StageAtRisk.class),
            new EventType("stage.corrected", 2, StageCorrected.class));

    /**
     * An old version still read: its schema, and how its data (second argument; the first is the whole envelope)
     * becomes the data of the current version.
     */
    public record Legacy(EventType type, BiConsumer<ObjectNode, ObjectNode> upgradeData) {
    }

    public static final List<Legacy> LEGACY = List.of(
            new Legacy(new EventType("complaint.reported", 1, ComplaintReported.class), (envelope, data) -> {
                data.putNull("district");
                data.putNull("kelurahan");
                data.put("channel", "phone");
                ((ObjectNode) data.get("reporter")).putNull("email");
                data.putNull("mediaUrl");
                data.putObject("attributes");
            }),
            new Legacy(new EventType("complaint.reported", 2, ComplaintReported.class), (envelope, data) -> {
                data.putNull("mediaUrl");
                data.putObject("attributes");
            }),
            new Legacy(new EventType("complaint.dispatched", 1, ComplaintDispatched.class), (envelope, data) -> {
                data.putArray("candidates");
                data.put("ruleVersion", "1");
            }),
            new Legacy(new EventType("complaint.queued", 1, ComplaintQueued.class), (envelope, data) -> {
                data.putArray("candidates");
                data.put("ruleVersion", "1");
            }),
            new Legacy(new EventType("job.acknowledged", 1, JobAcknowledged.class),
                    (envelope, data) -> data.set("receivedAt", envelope.get("occurredAt"))),
            new Legacy(new EventType("job.resolved", 1, JobResolved.class), (envelope, data) -> {
                data.putNull("photoUrl");
                data.set("receivedAt", envelope.get("occurredAt"));
            }),
            new Legacy(new EventType("shift.started", 1, ShiftStarted.class),
                    (envelope, data) -> data.putArray("membersPresent")),
            new Legacy(new EventType("stage.met", 1, StageMet.class), (envelope, data) -> data.put("pausedMillis", 0)),
            new Legacy(new EventType("stage.breached", 1, StageBreached.class), (envelope, data) -> { }),
            new Legacy(new EventType("stage.at-risk", 1, StageAtRisk.class), (envelope, data) -> { }),
            new Legacy(new EventType("stage.corrected", 1, StageCorrected.class),
                    (envelope, data) -> data.put("pausedMillis", 0)));

    private static final Map<Class<?>, EventType> BY_CLASS =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));
    private static final Map<String, EventType> BY_WIRE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventTypes::key, Function.identity()));
    private static final Map<String, Legacy> LEGACY_BY_WIRE =
            LEGACY.stream().collect(Collectors.toUnmodifiableMap(l -> key(l.type()), Function.identity()));

    private EventTypes() {
    }

    private static String key(EventType type) {
        return type.name() + "/" + type.version();
    }

    public static EventType of(Class<?> payloadClass) {
        EventType type = BY_CLASS.get(payloadClass);
        if (type == null) {
            throw new IllegalArgumentException("no event type registered for " + payloadClass.getName());
        }
        return type;
    }

    /** The current type of that name and version, if it is current. */
    public static Optional<EventType> find(String name, int version) {
        return Optional.ofNullable(BY_WIRE.get(name + "/" + version));
    }

    /** The legacy version of that name and version, if it is one that still reads. */
    public static Optional<Legacy> findLegacy(String name, int version) {
        return Optional.ofNullable(LEGACY_BY_WIRE.get(name + "/" + version));
    }

    /** Every schema file that must exist: one per current and per legacy version. */
    public static List<EventType> everyVersion() {
        return java.util.stream.Stream.concat(ALL.stream(), LEGACY.stream().map(Legacy::type)).toList();
    }
}
