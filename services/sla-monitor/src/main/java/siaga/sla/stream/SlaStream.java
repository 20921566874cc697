package siaga.sla.stream;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import io.javalin.http.sse.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.runtime.SiagaConfig;
import siaga.runtime.access.Access;
import siaga.runtime.access.Roles;
import siaga.runtime.access.RouteTable;

/**
 * {@code GET /api/sla/stream}: a server-sent event stream of what the monitor publishes from the moment the
 * client connects. Each SLA fact on {@code sla} is an event named by its type ({@code stage.breached},
 * {@code stage.at-risk}, {@code stage.met}, {@code stage.corrected}) with the event's JSON as data and its event
 * id as id; each aggregate on {@code sla-metrics} is an event named {@code sla.metrics} with the
 * {@link siaga.sla.summary.DimensionSummary} JSON as data and its key ({@code category/madiun:fire/1h}) as id.
 * A comment {@code connected} opens the stream.
 *
 * <p>A client sees the records of its signed-in user's jurisdiction only (the envelope's or the aggregate's
 * {@code jurisdiction}); the session is checked when the stream opens, and an open stream outlives the session.
 *
 * <p>It reads the topics (committed records only) rather than listening to the processors, so a client never
 * sees a fact that a crash then took back. It keeps no consumer group and no history: a client that reconnects
 * gets what is published from then on.
 */
public final class SlaStream {
    public static final String PATH = "/api/sla/stream";
    public static final String METRICS_EVENT = "sla.metrics";
    private static final Logger log = LoggerFactory.getLogger(SlaStream.class);

    private final SiagaConfig config;
    private final List<Listener> clients = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public SlaStream(SiagaConfig config) {
        this.config = config;
    }

    private record Listener(SseClient client, String jurisdiction) {
    }

    public void register(RouteTable routes, Roles roles) {
        routes.sse(PATH, roles, client -> {
            Listener listener = new Listener(client, Access.principal(client.ctx()).jurisdiction());
            client.keepAlive();
            client.onClose(() -> clients.remove(listener));
            clients.add(listener);
            client.sendComment("connected");
        });
    }

    /** Positions at the end of both topics before returning, so nothing published after start is missed. */
    public synchronized void start() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.appIdPrefix() + "-sla-stream");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.SLA.name(), Topics.SLA_METRICS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        KafkaConsumer<String, byte[]> polling = consumer;
        thread = new Thread(() -> run(polling), "sla-stream");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (consumer == null) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clients.forEach(listener -> listener.client().close());
        clients.clear();
        consumer = null;
    }

    private void run(KafkaConsumer<String, byte[]> polling) {
        try (polling) {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : polling.poll(Duration.ofMillis(500))) {
                    broadcast(record);
                }
            }
        } catch (WakeupException e) {
            log.info("SLA stream stopped");
        }
    }

    private void broadcast(ConsumerRecord<String, byte[]> record) {
        if (clients.isEmpty() || record.value() == null) {
            return;
        }
        String data = new String(record.value(), StandardCharsets.UTF_8);
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            log.warn("unreadable record on {}-{}@{}; not streamed", record.topic(), record.partition(), record.offset());
            return;
        }
        String event;
        String id;
        if (record.topic().equals(Topics.SLA_METRICS)) {
            event = METRICS_EVENT;
            id = record.key();
        } else {
            event = header.path("type").asText();
            id = header.path("eventId").asText();
        }
        String jurisdiction = header.path("jurisdiction").asText();
        for (Listener listener : clients) {
            if (listener.client().terminated()) {
                clients.remove(listener);
            } else if (listener.jurisdiction().equals(jurisdiction)) {
                listener.client().sendEvent(event, data, id);
            }
        }
    }
}
