package siaga.runtime.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.runtime.SiagaConfig;
import siaga.runtime.http.ProblemException;

/**
 * The other running instances of one Streams application, so that a query over a store every instance holds a
 * share of is answered whole by whichever instance it reaches: the instance asks each peer the same request with
 * {@value #LOCAL_ONLY_HEADER} set, which makes the peer answer from its own partitions only, and joins the answers.
 *
 * <p>Instances find each other through Kafka Streams' metadata, which carries each one's
 * {@code application.server}: {@link SiagaConfig#ADVERTISED_ADDRESS} ({@code host:port} of its HTTP server, as the
 * other instances reach it). Without it the instance knows no peers and answers from its own stores, which is
 * everything while it runs alone. The caller's credentials go along, so a peer judges the request as the first did.
 * A query about one key goes to the instance that holds it ({@link #answeredElsewhere}).
 */
public final class StreamsPeers {
    public static final String LOCAL_ONLY_HEADER = "X-Siaga-Local-Only";
    private static final Logger log = LoggerFactory.getLogger(StreamsPeers.class);
    private static final ObjectMapper PEER_JSON = Json.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final List<String> FORWARDED_HEADERS = List.of("Authorization", "Cookie", "Accept", "Content-Type",
            "Idempotency-Key", "X-Correlation-Id");

    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration timeout;

    public StreamsPeers(Supplier<KafkaStreams> streams, Optional<String> advertisedAddress, Duration timeout) {
        this.streams = streams;
        this.self = advertisedAddress.map(HostInfo::buildFromEndpoint).orElse(null);
        this.timeout = timeout;
    }

    public static StreamsPeers of(Supplier<KafkaStreams> streams, SiagaConfig config) {
        return new StreamsPeers(streams, config.find(SiagaConfig.ADVERTISED_ADDRESS), Duration.ofSeconds(5));
    }

    /** Whether {@code ctx} came from a peer and wants this instance's share only. */
    public static boolean localOnly(Context ctx) {
        return ctx.header(LOCAL_ONLY_HEADER) != null;
    }

    /** The instances other than this one that hold a share of {@code store}; none while this one runs alone. */
    public List<HostInfo> others(String store) {
        if (self == null) {
            return List.of();
        }
        return streams.get().streamsMetadataForStore(store).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(self))
                .distinct()
                .toList();
    }

    /**
     * Each peer's answer to the request of {@code ctx} (same path and query) for its share of {@code store}, read as
     * {@code type}. A peer that does not answer 200 makes the whole query 503: a partial figure would mislead.
     */
    public <T> List<T> gather(Context ctx, String store, Class<T> type) {
        return gather(ctx, store, type, false);
    }

    /** As {@link #gather(Context, String, Class)}, but a peer that answers 404 (it holds nothing of it) is left out. */
    public <T> List<T> gatherFound(Context ctx, String store, Class<T> type) {
        return gather(ctx, store, type, true);
    }

    private <T> List<T> gather(Context ctx, String store, Class<T> type, boolean skipNotFound) {
        List<T> answers = new ArrayList<>();
        for (HostInfo peer : others(store)) {
            HttpResponse<byte[]> response = send(ctx, peer);
            if (skipNotFound && response.statusCode() == 404) {
                continue;
            }
            if (response.statusCode() != 200) {
                log.warn("peer {} answered {} to {}", peer, response.statusCode(), ctx.path());
                throw unavailable(peer);
            }
            try {
                answers.add(PEER_JSON.readValue(response.body(), type));
            } catch (IOException e) {
                log.warn("peer {} answered {} with what is not {}: {}", peer, ctx.path(), type.getSimpleName(), e.toString());
                throw unavailable(peer);
            }
        }
        return answers;
    }

    /**
     * When another instance holds {@code key} of {@code store}, answers {@code ctx} with that instance's answer to the
     * same request (method, body, credentials and idempotency key; its status, content type and body) and returns true; returns false when this instance holds the key
     * or runs alone, and the caller answers from its own store.
     */
    public boolean answeredElsewhere(Context ctx, String store, String key) {
        if (self == null || localOnly(ctx)) {
            return false;
        }
        KeyQueryMetadata owner = streams.get().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost().equals(self)) {
            return false;
        }
        relay(ctx, send(ctx, owner.activeHost()));
        return true;
    }

    /**
     * For a key the store is not partitioned by (a ticket number in a store partitioned by complaint id), which
     * only the instance holding it knows: asks each other instance holding part of {@code store} in turn and answers
     * {@code ctx} with the first answer that is not 404, returning true; false when every peer answered 404, or there
     * are none, and the caller answers its own 404.
     */
    public boolean answeredByAny(Context ctx, String store) {
        if (localOnly(ctx)) {
            return false;
        }
        for (HostInfo peer : others(store)) {
            HttpResponse<byte[]> response = send(ctx, peer);
            if (response.statusCode() != 404) {
                relay(ctx, response);
                return true;
            }
        }
        return false;
    }

    private static void relay(Context ctx, HttpResponse<byte[]> response) {
        ctx.status(response.statusCode());
        response.headers().firstValue("Content-Type").ifPresent(ctx::contentType);
        ctx.result(response.body());
    }

    private HttpResponse<byte[]> send(Context ctx, HostInfo peer) {
        String query = ctx.queryString();
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + ctx.path() + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header(LOCAL_ONLY_HEADER, "1")
                .method(ctx.method().name(), ctx.method().name().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
        for (String name : FORWARDED_HEADERS) {
            String value = ctx.header(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            log.warn("peer {} did not answer {}: {}", peer, uri, e.toString());
            throw unavailable(peer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(peer);
        }
    }

    private static ProblemException unavailable(HostInfo peer) {
        return ProblemException.unavailable("the instance at " + peer.host() + ":" + peer.port()
                + " holding part of these figures did not answer; retry shortly");
    }
}
