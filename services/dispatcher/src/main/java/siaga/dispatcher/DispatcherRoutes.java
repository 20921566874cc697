package siaga.dispatcher;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.ActorRole;
import siaga.dispatcher.board.DispatchBoard;
import siaga.dispatcher.board.Job;
import siaga.dispatcher.explain.Explanation;
import siaga.runtime.access.Access;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.ProblemException;
import siaga.runtime.kafka.StreamsPeers;

/**
 * {@code GET /api/dispatch/{complaintId}/explain}: the latest decision about a complaint with its evidence and
 * where the complaint stands ({@link Explanation}), read from the boards' {@value DispatchBoard#JOBS_STORE} by an
 * Interactive Query, for operators, managers and inspectors of the complaint's jurisdiction (another's is a 403; the
 * explanation holds no personal data). {@code 400} for an id that is not a UUID, {@code 404} for a complaint the
 * dispatcher has not decided on, {@code 503} while the store is not queryable (starting, rebalancing).
 *
 * <p>The store is partitioned by board, not by complaint, so every local partition is asked: a complaint moved to
 * another department is known to both boards, and the one it was not moved away from holds it now. When this
 * instance's partitions know the complaint only as moved away, or not at all, the other instances are asked
 * ({@link StreamsPeers}) for their partitions.
 */
public final class DispatcherRoutes {
    public static final String EXPLAIN = "/api/dispatch/{complaintId}/explain";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String MOVED = Job.Status.MOVED.name().toLowerCase(Locale.ROOT);
    /** Where a move has not reached its new board yet, the newest decision tells where the complaint went. */
    private static final Comparator<Explanation> CURRENT_FIRST = Comparator
            .comparing((Explanation e) -> e.status().equals(MOVED))
            .thenComparing(e -> e.decision() == null ? Instant.MIN : e.decision().decidedAt(), Comparator.reverseOrder());

    private final Supplier<KafkaStreams> streams;
    private final StreamsPeers peers;

    public DispatcherRoutes(Supplier<KafkaStreams> streams, StreamsPeers peers) {
        this.streams = streams;
        this.peers = peers;
    }

    public void register(RouteTable routes) {
        routes.get(EXPLAIN, Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR), this::explain);
    }

    private void explain(Context ctx) {
        String id = ctx.pathParam("complaintId");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("a complaint id is a UUID such as 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a", List.of());
        }
        String complaintId = id.toLowerCase(Locale.ROOT);
        List<Job> held = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, Job> store = streams.get().store(StoreQueryParameters.fromNameAndType(
                    DispatchBoard.JOBS_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, Job> it = store.prefixScan(complaintId, new StringSerializer())) {
                it.forEachRemaining(kv -> {
                    if (kv.key.equals(complaintId)) {
                        held.add(kv.value);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the dispatcher's decisions cannot be read now; try again shortly");
        }
        List<Explanation> found = new ArrayList<>();
        held.stream().map(Explanation::of).min(CURRENT_FIRST).ifPresent(found::add);
        if (!StreamsPeers.localOnly(ctx) && (found.isEmpty() || found.get(0).status().equals(MOVED))) {
            found.addAll(peers.gatherFound(ctx, DispatchBoard.JOBS_STORE, Explanation.class));
        }
        Explanation explanation = found.stream().min(CURRENT_FIRST)
                .orElseThrow(() -> ProblemException.notFound("no dispatch decision about complaint " + id));
        Access.principal(ctx).requireJurisdiction(explanation.jurisdiction(), "complaint " + explanation.ticket());
        ctx.json(explanation);
    }
}
