package siaga.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import siaga.archive.ingest.ArchiveBatch;
import siaga.testing.TestDatabase;

/** Reading the archive's tables and the topics' end offsets, for assertions in integration tests. */
final class ArchiveTables {
    private ArchiveTables() {
    }

    /** Every row of {@code sql}, column label to value, in order. */
    static List<Map<String, Object>> rows(TestDatabase db, String sql, Object... args) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static long count(TestDatabase db, String sql, Object... args) {
        return ((Number) rows(db, sql, args).get(0).values().iterator().next()).longValue();
    }

    static long eventsOf(TestDatabase db, UUID... eventIds) {
        return count(db, "select count(*) from events where event_id = any(?::uuid[])", (Object) eventIds);
    }

    static Map<TopicPartition, Long> storedOffsets(TestDatabase db) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map<String, Object> row : rows(db, "select topic, partition, next_offset from consumer_offsets")) {
            offsets.put(new TopicPartition((String) row.get("topic"), (Integer) row.get("partition")),
                    (Long) row.get("next_offset"));
        }
        return offsets;
    }

    /** The end offset (of committed records) of every partition the archive reads that holds any record. */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(ArchiveBatch.TOPICS).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((partition, info) -> {
                        if (info.offset() > 0) {
                            offsets.put(partition, info.offset());
                        }
                    });
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read end offsets", e.getCause());
        }
    }
}
