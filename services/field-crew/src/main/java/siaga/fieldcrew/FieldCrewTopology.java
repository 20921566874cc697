package siaga.fieldcrew;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.Topics;
import siaga.contracts.events.EventPayload;
import siaga.runtime.kafka.EventStreams;
import siaga.runtime.kafka.JsonSerde;

/**
 * Field-crew's read model: the job of every dispatched complaint and the roll-call state of every crew, which
 * the HTTP side queries (Interactive Query) to decide whether a crew's request is legal.
 *
 * <p>{@code dispatch} and {@code field} are folded by {@link Job#evolve} into {@link #JOBS_BY_COMPLAINT}; both
 * are keyed by complaint id with the same partition count, so one task owns a complaint's job and sees its
 * events in timestamp order without a repartition. {@code crews} is folded by {@link Shift#evolve} into
 * {@link #SHIFTS_BY_CREW}. Records that cannot be read, and events the folds reject, go to {@code dead-letter}
 * with the reason; the view goes on. It writes no topic but dead-letter: the facts are written by the HTTP side.
 */
public final class FieldCrewTopology {
    /** The Streams application name; its application id is {@code <prefix>-field-crew-view}. */
    public static final String APPLICATION_NAME = "field-crew-view";
    /** Complaint id to {@link Job}. */
    public static final String JOBS_BY_COMPLAINT = "jobs-by-complaint";
    /** Crew id to {@link Shift}. */
    public static final String SHIFTS_BY_CREW = "shifts-by-crew";
    public static final String FOLD_DISPATCH = "fold-dispatch-into-jobs";
    public static final String FOLD_FIELD = "fold-field-into-jobs";
    public static final String FOLD_CREWS = "fold-crews-into-shifts";

    private FieldCrewTopology() {
    }

    public static Topology build(Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS_BY_COMPLAINT),
                Serdes.String(), new JsonSerde<>(Job.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIFTS_BY_CREW),
                Serdes.String(), new JsonSerde<>(Shift.class)));
        fold(builder, Topics.DISPATCH, FOLD_DISPATCH, JOBS_BY_COMPLAINT, Job::evolve, clock);
        fold(builder, Topics.FIELD, FOLD_FIELD, JOBS_BY_COMPLAINT, Job::evolve, clock);
        fold(builder, Topics.CREWS, FOLD_CREWS, SHIFTS_BY_CREW, Shift::evolve, clock);
        return builder.build();
    }

    private static <S, P extends EventPayload> void fold(StreamsBuilder builder, EventTopic<P> topic, String name,
                                                        String store, ViewFolder.Fold<S, P> fold, Clock clock) {
        KStream<String, Event<P>> events = EventStreams.events(builder, topic, FieldCrewService.NAME, clock);
        events.process(() -> new ViewFolder<>(store, fold, clock), Named.as(name), store)
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-" + name));
    }
}
