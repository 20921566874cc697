package siaga.runtime.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Json;

/**
 * Applies {@code infra/kafka/topics.yaml} to a cluster, idempotently: creates what is missing and refuses,
 * with a message naming topic and setting, to run against a topic that disagrees with the file.
 */
public final class TopicProvisioner {
    public static final String RESOURCE = "infra/kafka/topics.yaml";
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> config) {
    }

    private TopicProvisioner() {
    }

    public static List<TopicSpec> specs(short replicationFactor) {
        try (InputStream in = TopicProvisioner.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            JsonNode root = Json.YAML.readTree(in);
            List<TopicSpec> specs = new ArrayList<>();
            for (JsonNode t : root.get("topics")) {
                Map<String, String> config = new LinkedHashMap<>();
                t.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                specs.add(new TopicSpec(t.get("name").asText(), t.get("partitions").asInt(), replicationFactor, config));
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Waits until the broker leading each new partition answers for it. An idempotent producer that writes to a
     * partition before its leader has applied the topic's creation can see its first batch refused as not-leader
     * and a later one accepted, and then retries the first for ever with out-of-order sequence errors
     * (KAFKA-15591); asking every leader for its end offset first rules that out.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) throws InterruptedException {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> partitions = new LinkedHashMap<>();
        for (NewTopic topic : created) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new org.apache.kafka.common.TopicPartition(topic.name(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("new topics have no leader after 60 s: " + e.getCause().getMessage(), e.getCause());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Creates missing topics and checks existing ones; throws IllegalStateException listing every disagreement. */
    public static void apply(Admin admin, Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.config()))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                awaitLeaders(admin, missing);
            }
            List<String> problems = new ArrayList<>();
            List<String> names = specs.stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
            for (TopicSpec spec : specs) {
                int partitions = described.get(spec.name()).partitions().size();
                if (partitions != spec.partitions()) {
                    problems.add(spec.name() + " has " + partitions + " partitions, " + RESOURCE + " says " + spec.partitions());
                }
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                spec.config().forEach((key, wanted) -> {
                    ConfigEntry entry = actual.get(key);
                    String value = entry == null ? null : entry.value();
                    if (!wanted.equals(value)) {
                        problems.add(spec.name() + " has " + key + "=" + value + ", " + RESOURCE + " says " + wanted);
                    }
                });
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("topics disagree with " + RESOURCE + ": " + String.join("; ", problems));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
