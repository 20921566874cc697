package siaga.dispatcher;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.EventTopic;
import siaga.contracts.Topics;
import siaga.contracts.events.EventPayload;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.dispatcher.assignment.DispatchRules;
import siaga.dispatcher.board.BoardInput;
import siaga.dispatcher.board.BoardInputSerde;
import siaga.dispatcher.board.BoardOutcome;
import siaga.dispatcher.board.BoardRouter;
import siaga.dispatcher.board.DispatchBoard;
import siaga.dispatcher.board.Routed;
import siaga.dispatcher.reference.LatestReference;
import siaga.runtime.kafka.DeadLetters;
import siaga.runtime.kafka.EventStreams;

/**
 * The dispatcher: reads {@code complaints}, {@code crews}, {@code field} and its own {@code dispatch} (for
 * complaints it moved to another department: only ComplaintQueued is decoded, see {@link BoardRouter#mayMove}),
 * routes every event to its department's dispatch board through one repartition ({@value #BOARD_REPARTITION},
 * read back without a second schema check: {@link BoardInputSerde}), and writes each decision to {@code dispatch}
 * keyed by complaint id (default partitioner, so {@code dispatch} stays co-partitioned with {@code complaints}).
 * The newest reference data comes from the compacted {@code reference} topic (a global store). Each board keeps
 * every complaint's job with its latest decision and evidence ({@value DispatchBoard#JOBS_STORE}), which
 * {@code GET /api/dispatch/{id}/explain} queries. Records that cannot be read or placed go to {@code dead-letter}
 * with the reason.
 *
 * <pre>
 *   complaints ─┐
 *   crews ──────┤
 *   field ──────┼─ route-to-dispatch-board ─ dispatch-board-by-department ─ dispatch-board ─┬─ dispatch
 *   dispatch* ──┘          └─ dead-letter                                                   └─ dead-letter
 *   reference ─ reference-by-jurisdiction (global)
 * </pre>
 * (* ComplaintQueued only)
 */
public final class DispatcherTopology {
    public static final String SERVICE = "dispatcher";
    public static final String ROUTER = "route-to-dispatch-board";
    public static final String BOARD_REPARTITION = "dispatch-board-by-department";
    public static final String BOARD = "dispatch-board";

    private DispatcherTopology() {
    }

    /** Pure: builds the topology without touching a broker. {@code clock} times decisions, escalations and dead letters. */
    public static Topology build(ReferenceCatalog reference, DispatchRules rules, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        LatestReference.addStore(builder);
        BoardRouter.addStores(builder);
        DispatchBoard.addStores(builder);

        KStream<String, Routed> routed = read(builder, Topics.COMPLAINTS, clock)
                .merge(read(builder, Topics.CREWS, clock), Named.as("merge-crews"))
                .merge(read(builder, Topics.FIELD, clock), Named.as("merge-field"))
                .merge(readMoves(builder, clock), Named.as("merge-dispatch"))
                .process(() -> new BoardRouter(reference, SERVICE, clock), Named.as(ROUTER), BoardRouter.COMPLAINTS_STORE);
        routed.filter((key, r) -> r.failure() != null, Named.as("unroutable"))
                .mapValues(r -> DeadLetters.encode(r.failure()), Named.as("encode-unroutable"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-unroutable"));

        KStream<String, BoardOutcome> outcomes = routed
                .filter((key, r) -> r.input() != null, Named.as("routed"))
                .mapValues(Routed::input, Named.as("board-input"))
                .repartition(Repartitioned.<String, BoardInput>as(BOARD_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(new BoardInputSerde()))
                .process(() -> new DispatchBoard(reference, rules, SERVICE, clock), Named.as(BOARD),
                        DispatchBoard.CREWS_STORE, DispatchBoard.QUEUE_STORE, DispatchBoard.JOBS_STORE,
                        DispatchBoard.OPEN_STORE, DispatchBoard.DUE_STORE, DispatchBoard.SEEN_STORE);
        outcomes.filter((key, o) -> o.decision() != null, Named.as("decisions"))
                .mapValues(o -> EventCodec.encode(o.decision()), Named.as("encode-decisions"))
                .to(Topics.DISPATCH.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("write-dispatch"));
        outcomes.filter((key, o) -> o.failure() != null, Named.as("misplaced"))
                .mapValues(o -> DeadLetters.encode(o.failure()), Named.as("encode-misplaced"))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-misplaced"));
        return builder.build();
    }

    private static <P extends EventPayload> KStream<String, Event<?>> read(StreamsBuilder builder, EventTopic<P> topic, Clock clock) {
        return EventStreams.events(builder, topic, SERVICE, clock)
                .mapValues(event -> (Event<?>) event, Named.as("board-events-" + topic.name()));
    }

    /** The dispatcher's own decisions that may move a complaint to another board; see {@link BoardRouter#mayMove}. */
    private static KStream<String, Event<?>> readMoves(StreamsBuilder builder, Clock clock) {
        KStream<String, byte[]> moves = builder.stream(Topics.DISPATCH.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + Topics.DISPATCH.name()))
                .filter((key, value) -> BoardRouter.mayMove(value), Named.as("may-move"));
        return EventStreams.decode(moves, Topics.DISPATCH, SERVICE, clock)
                .mapValues(event -> (Event<?>) event, Named.as("board-events-" + Topics.DISPATCH.name()));
    }
}
