package siaga.fieldcrew;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.Topics;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.EventPayload;
import siaga.contracts.events.ShiftStarted;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;

/**
 * Field-crew's read model, which the HTTP side queries (Interactive Query) to decide whether a crew's request
 * is legal and to show crews their work:
 * <ul>
 *   <li>{@code dispatch} and {@code field} are folded by {@link Job#evolve} into {@link #JOBS_BY_COMPLAINT}, with
 *       {@link #OPEN_JOBS_BY_CREW} indexing the jobs each crew still has to work. Both topics are keyed by
 *       complaint id with the same partition count, so one task owns a complaint's job and sees its events in
 *       timestamp order without a repartition; the index lives in that task too (keyed
 *       {@code crewId/complaintId}), so a crew's jobs are a prefix scan over this instance's partitions.</li>
 *   <li>{@code complaints} is folded by {@link ComplaintSummary#evolve} into {@link #COMPLAINTS_BY_ID}: what the
 *       crew needs to find and fix the problem, joined to the job when a crew asks for its jobs.</li>
 *   <li>{@code crews} is folded by {@link Shift#evolve} into {@link #SHIFTS_BY_CREW}, with each roll call counted
 *       in {@link #ATTENDANCE_BY_CREW_AND_DAY} on the date of the jurisdiction's zone.</li>
 * </ul>
 * Records that cannot be read, and events the folds reject, go to {@code dead-letter} with the reason; the view
 * goes on. It writes no topic but dead-letter: the facts are written by the HTTP side.
 */
public final class FieldCrewTopology {
    private static final Logger log = LoggerFactory.getLogger(FieldCrewTopology.class);

    /** The Streams application name; its application id is {@code <prefix>-field-crew-view}. */
    public static final String APPLICATION_NAME = "field-crew-view";
    /** Complaint id to {@link Job}. */
    public static final String JOBS_BY_COMPLAINT = "jobs-by-complaint";
    /** {@code crewId/complaintId} to complaint id, for each job its crew has not finished or handed back. */
    public static final String OPEN_JOBS_BY_CREW = "open-jobs-by-crew";
    /** Complaint id to {@link ComplaintSummary}. */
    public static final String COMPLAINTS_BY_ID = "complaints-by-id";
    /** Crew id to {@link Shift}. */
    public static final String SHIFTS_BY_CREW = "shifts-by-crew";
    /** {@link CrewDay#key} to {@link CrewDay}. */
    public static final String ATTENDANCE_BY_CREW_AND_DAY = "attendance-by-crew-and-day";
    public static final String FOLD_DISPATCH = "fold-dispatch-into-jobs";
    public static final String FOLD_FIELD = "fold-field-into-jobs";
    public static final String FOLD_COMPLAINTS = "fold-complaints-into-summaries";
    public static final String FOLD_CREWS = "fold-crews-into-shifts";

    private FieldCrewTopology() {
    }

    /** @param reference the jurisdictions whose zones date the roll calls */
    public static Topology build(ReferenceCatalog reference, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_BY_COMPLAINT),
                Serdes.String(), new JsonSerde<>(Job.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OPEN_JOBS_BY_CREW),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COMPLAINTS_BY_ID),
                Serdes.String(), new JsonSerde<>(ComplaintSummary.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIFTS_BY_CREW),
                Serdes.String(), new JsonSerde<>(Shift.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ATTENDANCE_BY_CREW_AND_DAY),
                Serdes.String(), new JsonSerde<>(CrewDay.class)));
        fold(builder, Topics.DISPATCH, FOLD_DISPATCH, JOBS_BY_COMPLAINT, Job::evolve, FieldCrewTopology::indexOpenJobs,
                clock, OPEN_JOBS_BY_CREW);
        fold(builder, Topics.FIELD, FOLD_FIELD, JOBS_BY_COMPLAINT, Job::evolve, FieldCrewTopology::indexOpenJobs,
                clock, OPEN_JOBS_BY_CREW);
        fold(builder, Topics.COMPLAINTS, FOLD_COMPLAINTS, COMPLAINTS_BY_ID, ComplaintSummary::evolve,
                ViewFolder.Projection.none(), clock);
        fold(builder, Topics.CREWS, FOLD_CREWS, SHIFTS_BY_CREW, Shift::evolve, countRollCalls(reference),
                clock, ATTENDANCE_BY_CREW_AND_DAY);
        return builder.build();
    }

    /** The key of a job in {@link #OPEN_JOBS_BY_CREW}; every key of one crew starts with {@code crewId + "/"}. */
    static String openJobKey(String crewId, String complaintId) {
        return crewId + "/" + complaintId;
    }

    private static <P extends EventPayload> void indexOpenJobs(String complaintId, Job before, Job after, Event<P> event,
                                                              ProcessorContext<String, byte[]> context) {
        KeyValueStore<String, String> index = context.getStateStore(OPEN_JOBS_BY_CREW);
        boolean stillOpenWithSameCrew = before != null && after.status().isOpen() && after.crewId().equals(before.crewId());
        if (before != null && before.status().isOpen() && !stillOpenWithSameCrew) {
            index.delete(openJobKey(before.crewId(), complaintId));
        }
        if (after.status().isOpen()) {
            index.put(openJobKey(after.crewId(), complaintId), complaintId);
        }
    }

    private static ViewFolder.Projection<Shift, CrewEvent> countRollCalls(ReferenceCatalog reference) {
        return (crewId, before, after, event, context) -> {
            if (!(event.data() instanceof ShiftStarted started)) {
                return;
            }
            Optional<ZoneId> zone = reference.find(event.jurisdiction()).map(d -> d.jurisdiction().timeZone());
            if (zone.isEmpty()) {
                log.warn("roll call {} of crew {} is in jurisdiction {}, which has no reference data; not counted",
                        event.eventId(), crewId, event.jurisdiction());
                return;
            }
            LocalDate date = LocalDate.ofInstant(event.occurredAt(), zone.get());
            KeyValueStore<String, CrewDay> days = context.getStateStore(ATTENDANCE_BY_CREW_AND_DAY);
            String key = CrewDay.key(crewId, date);
            days.put(key, CrewDay.rollCall(days.get(key), crewId, started.department(), date, event.occurredAt(),
                    started.membersPresent()));
        };
    }

    private static <S, P extends EventPayload> void fold(StreamsBuilder builder, EventTopic<P> topic, String name,
                                                        String store, ViewFolder.Fold<S, P> fold,
                                                        ViewFolder.Projection<S, P> projection, Clock clock,
                                                        String... projectionStores) {
        String[] stores = new String[projectionStores.length + 1];
        stores[0] = store;
        System.arraycopy(projectionStores, 0, stores, 1, projectionStores.length);
        KStream<String, Event<P>> events = EventStreams.events(builder, topic, FieldCrewService.NAME, clock);
        events.process(() -> new ViewFolder<>(store, fold, projection, clock), Named.as(name), stores)
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-" + name));
    }
}
