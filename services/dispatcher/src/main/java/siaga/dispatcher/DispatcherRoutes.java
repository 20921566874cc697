package siaga.dispatcher;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import siaga.contracts.ActorRole;
import siaga.dispatcher.explain.Explanation;
import siaga.runtime.access.Access;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;
import siaga.runtime.http.ProblemException;

/**
 * {@code GET /api/dispatch/{complaintId}/explain}: the latest decision about a complaint with its evidence and
 * where the complaint stands ({@link Explanation}), read from {@value DispatcherTopology#EXPLAIN_STORE} by an
 * Interactive Query, for operators, managers and inspectors of the complaint's jurisdiction (another's is a 403; the
 * explanation holds no personal data). {@code 400} for an id that is not a UUID, {@code 404} for a complaint the
 * dispatcher has not decided on, {@code 503} while the store is not queryable (starting, rebalancing).
 *
 * <p>Only this instance's partitions are asked: with several instances, a complaint held by another one reads as
 * 404 here (forwarding needs {@code application.server} and is not built yet).
 */
public final class DispatcherRoutes {
    public static final String EXPLAIN = "/api/dispatch/{complaintId}/explain";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Supplier<KafkaStreams> streams;

    public DispatcherRoutes(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    public void register(RouteTable routes) {
        routes.get(EXPLAIN, Roles.of(ActorRole.OPERATOR, ActorRole.MANAGER, ActorRole.INSPECTOR), this::explain);
    }

    private void explain(Context ctx) {
        String id = ctx.pathParam("complaintId");
        if (!UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.badRequest("a complaint id is a UUID such as 0b6f3f8e-5c1a-4d7e-9a55-3c2f1e0d9b8a", List.of());
        }
        ReadOnlyKeyValueStore<String, Explanation> store;
        try {
            store = streams.get().store(StoreQueryParameters.fromNameAndType(DispatcherTopology.EXPLAIN_STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw ProblemException.unavailable("the dispatcher's decisions cannot be read now; try again shortly");
        }
        Explanation explanation = store.get(id.toLowerCase(Locale.ROOT));
        if (explanation == null) {
            throw ProblemException.notFound("no dispatch decision about complaint " + id);
        }
        Access.principal(ctx).requireJurisdiction(explanation.jurisdiction(), "complaint " + explanation.ticket());
        ctx.json(explanation);
    }
}
