package siaga.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, from Kafka's
 * own server jars: for the demo, development and integration tests. Not for production, where every service
 * points at an existing cluster through {@code SIAGA_BOOTSTRAP_SERVERS}.
 *
 * <p>The data directory is formatted on first use and reused after, so a demo restarted on the same directory
 * keeps its topics. Port 0 picks a free port. Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    public EmbeddedKafka(Path dataDir, int brokerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.brokerPort = brokerPort == 0 ? freePort() : brokerPort;
        this.controllerPort = freePort();
    }

    /** A broker on a fresh temporary directory and free ports, for tests. */
    public static EmbeddedKafka temporary() {
        try {
            return new EmbeddedKafka(Files.createTempDirectory("siaga-kafka-"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats storage if needed and starts the broker; returns once it serves requests. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        Path logDir = dataDir.resolve("kraft-combined-logs");
        KafkaConfig config = new KafkaConfig(brokerProperties(logDir), false);
        format(logDir);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("embedded Kafka broker at {} (data {}) started in {} ms", bootstrapServers(), dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("embedded Kafka broker at {} stopped", bootstrapServers());
    }

    private Properties brokerProperties(Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.retention.check.interval.ms", "300000");
        return props;
    }

    private void format(Path logDir) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
