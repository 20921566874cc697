package siaga.archive.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Json;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintDispatched;
import siaga.contracts.events.ComplaintEscalated;
import siaga.contracts.events.ComplaintReassigned;
import siaga.contracts.events.ComplaintReported;
import siaga.contracts.events.CrewEvent;
import siaga.contracts.events.FieldEvent;
import siaga.contracts.events.StageAtRisk;
import siaga.contracts.events.StageBreached;
import siaga.contracts.events.StageCorrected;
import siaga.contracts.events.StageMet;

/**
 * What one poll's records become, before anything is written: the events to archive, the records to send to
 * {@code dead-letter} (with the reason), the dead letters to store, and the next offset of every partition
 * the records came from. Pure: no broker, no database.
 *
 * <p>A record on an event topic is refused when {@link EventTopic#decode} refuses it, when its subject on a
 * complaint-keyed topic is not a complaint id (a UUID), or when PostgreSQL could not store it (a NUL
 * character, an unpaired surrogate, a time it stores in a column outside years 1 to 9999); a refused record that was left in the
 * batch would fail every retry and stop the archive. So is a report giving its complaint a ticket another
 * complaint holds, once {@link ArchiveWriter#withoutTakenTickets} has looked the tickets up. A refused record's offset still advances: it is not lost,
 * it is on {@code dead-letter}, which the archive stores too.
 */
public record ArchiveBatch(
        List<ArchivedEvent> events,
        List<Refused> refused,
        List<ArchivedDeadLetter> deadLetters,
        Map<TopicPartition, Long> nextOffsets) {

    /** The topics the archive reads. */
    public static final List<String> TOPICS = List.of(Topics.COMPLAINTS.name(), Topics.DISPATCH.name(),
            Topics.FIELD.name(), Topics.CREWS.name(), Topics.SLA.name(), Topics.DEAD_LETTER);

    private static final Map<String, EventTopic<?>> EVENT_TOPICS =
            Topics.EVENT_TOPICS.stream().collect(Collectors.toUnmodifiableMap(EventTopic::name, Function.identity()));
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final byte[] ESCAPE = "\\u".getBytes(StandardCharsets.US_ASCII);

    public ArchiveBatch {
        events = List.copyOf(events);
        refused = List.copyOf(refused);
        deadLetters = List.copyOf(deadLetters);
        nextOffsets = Map.copyOf(nextOffsets);
    }

    /**
     * An event to archive, with where it was read and the record's key. {@code complaintId} is its subject on
     * complaint-keyed topics and null on {@code crews}; {@code crewId} is the crew it names, or null.
     */
    public record ArchivedEvent(Event<?> event, UUID complaintId, String crewId, String topic, int partition,
                                long offset, String key, String envelopeJson) {
    }

    /** A record that is not an archivable event and goes to {@code dead-letter} with {@code reason}. */
    public record Refused(String topic, int partition, long offset, String key, byte[] value, String reason) {
    }

    /**
     * A record of the {@code dead-letter} topic at {@code partition}/{@code offset}. When it is not a readable
     * {@link DeadLetter} the source columns are null and {@code reason} says why it could not be read. Text is
     * stored as PostgreSQL can hold it: NUL characters become U+FFFD.
     */
    public record ArchivedDeadLetter(int partition, long offset, String sourceTopic, Integer sourcePartition,
                                     Long sourceOffset, String key, String rawValue, String reason, String service,
                                     Instant failedAt) {
        public ArchivedDeadLetter {
            sourceTopic = storable(sourceTopic);
            key = storable(key);
            rawValue = storable(rawValue);
            reason = storable(reason);
            service = storable(service);
        }

        private static String storable(String text) {
            return text == null ? null : text.replace('\0', '\uFFFD');
        }
    }

    public static ArchiveBatch of(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<ArchivedEvent> events = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<ArchivedDeadLetter> deadLetters = new ArrayList<>();
        Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            nextOffsets.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            if (Topics.DEAD_LETTER.equals(record.topic())) {
                deadLetters.add(deadLetter(record));
                continue;
            }
            EventTopic<?> topic = EVENT_TOPICS.get(record.topic());
            if (topic == null) {
                throw new IllegalArgumentException("the archive does not read topic " + record.topic());
            }
            try {
                events.add(archivable(topic, record));
            } catch (InvalidEventException e) {
                refused.add(new Refused(record.topic(), record.partition(), record.offset(), record.key(),
                        record.value(), e.getMessage()));
            }
        }
        return new ArchiveBatch(events, refused, deadLetters, nextOffsets);
    }

    /** The tickets this batch's reports give their complaints. */
    public Set<String> reportedTickets() {
        Set<String> tickets = new LinkedHashSet<>();
        for (ArchivedEvent e : events) {
            if (e.event().data() instanceof ComplaintReported reported && reported.ticket() != null) {
                tickets.add(reported.ticket());
            }
        }
        return tickets;
    }

    /**
     * This batch without the reports that would give their complaint a ticket another complaint holds: those
     * are refused, with a reason naming the ticket and both complaints. {@code holders} maps each ticket of
     * {@link #reportedTickets()} that {@code complaint_state} holds to its complaint; within the batch, the first
     * report of a free ticket takes it. The ticket is unique in {@code complaint_state}, so such a report, left
     * in, would fail the batch on every retry and stop the archive.
     */
    public ArchiveBatch refusingTakenTickets(Map<String, UUID> holders) {
        Map<String, UUID> taken = new HashMap<>(holders);
        List<ArchivedEvent> kept = new ArrayList<>(events.size());
        List<Refused> refusedToo = new ArrayList<>(refused);
        for (ArchivedEvent e : events) {
            if (e.event().data() instanceof ComplaintReported reported && reported.ticket() != null) {
                UUID holder = taken.putIfAbsent(reported.ticket(), e.complaintId());
                if (holder != null && !holder.equals(e.complaintId())) {
                    refusedToo.add(new Refused(e.topic(), e.partition(), e.offset(), e.key(),
                            e.envelopeJson().getBytes(StandardCharsets.UTF_8), "ticket " + reported.ticket()
                            + " is already held by complaint " + holder + "; the report of complaint "
                            + e.complaintId() + " (event " + e.event().eventId() + ") cannot take it"));
                    continue;
                }
            }
            kept.add(e);
        }
        if (kept.size() == events.size()) {
            return this;
        }
        refusedToo.sort(Comparator.comparing(Refused::topic).thenComparingInt(Refused::partition)
                .thenComparingLong(Refused::offset));
        return new ArchiveBatch(kept, refusedToo, deadLetters, nextOffsets);
    }

    private static ArchivedEvent archivable(EventTopic<?> topic, ConsumerRecord<String, byte[]> record)
            throws InvalidEventException {
        Event<?> event = topic.decode(record.value());
        if (contains(record.value(), ESCAPE)) {
            String unstorable = unstorableText(readTree(record.value()));
            if (unstorable != null) {
                throw new InvalidEventException(unstorable);
            }
        }
        checkStorable("occurredAt", event.occurredAt());
        if (event.data() instanceof StageMet met) {
            checkStorable("data.startedAt", met.startedAt());
            checkStorable("data.completedAt", met.completedAt());
        } else if (event.data() instanceof StageBreached breached) {
            checkStorable("data.startedAt", breached.startedAt());
            checkStorable("data.dueAt", breached.dueAt());
        } else if (event.data() instanceof StageAtRisk atRisk) {
            checkStorable("data.startedAt", atRisk.startedAt());
            checkStorable("data.dueAt", atRisk.dueAt());
        } else if (event.data() instanceof StageCorrected corrected) {
            checkStorable("data.startedAt", corrected.startedAt());
            checkStorable("data.completedAt", corrected.completedAt());
        }
        UUID complaintId = null;
        if (!(event.data() instanceof CrewEvent)) {
            if (!UUID_TEXT.matcher(event.subjectId()).matches()) {
                throw new InvalidEventException("subjectId on " + topic.name()
                        + " must be a complaint id (a lower-case UUID), was '" + event.subjectId() + "'");
            }
            complaintId = UUID.fromString(event.subjectId());
        }
        return new ArchivedEvent(event, complaintId, crewId(event), record.topic(), record.partition(),
                record.offset(), record.key(), new String(record.value(), StandardCharsets.UTF_8));
    }

    private static String crewId(Event<?> event) {
        if (event.data() instanceof FieldEvent field) {
            return field.crewId();
        }
        if (event.data() instanceof CrewEvent crew) {
            return crew.crewId();
        }
        if (event.data() instanceof ComplaintDispatched dispatched) {
            return dispatched.crewId();
        }
        if (event.data() instanceof ComplaintReassigned reassigned) {
            return reassigned.toCrewId();
        }
        if (event.data() instanceof ComplaintEscalated escalated) {
            return escalated.crewId();
        }
        return null;
    }

    private static ArchivedDeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        String unreadable;
        try {
            DeadLetter letter = Json.MAPPER.readValue(record.value(), DeadLetter.class);
            if (storableInstant(letter.failedAt())) {
                return new ArchivedDeadLetter(record.partition(), record.offset(), letter.sourceTopic(),
                        letter.sourcePartition(), letter.sourceOffset(), letter.key(), letter.rawValue(),
                        letter.reason(), letter.service(), letter.failedAt());
            }
            unreadable = "failedAt " + letter.failedAt() + " is outside the years 1 to 9999";
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a null value (tombstone)
            unreadable = firstLine(e.getMessage());
        }
        String raw = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        return new ArchivedDeadLetter(record.partition(), record.offset(), null, null, null, record.key(), raw,
                "unreadable dead letter: " + unreadable, null,
                record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    // the archive stores these instants in timestamptz columns, and a batch PostgreSQL refuses would fail every retry
    private static void checkStorable(String field, Instant instant) throws InvalidEventException {
        if (!storableInstant(instant)) {
            throw new InvalidEventException(field + " " + instant + " is outside the years 1 to 9999");
        }
    }

    private static boolean storableInstant(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static JsonNode readTree(byte[] value) throws InvalidEventException {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new InvalidEventException("not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    // PostgreSQL's text and jsonb refuse NUL and unpaired surrogates, which JSON can carry as backslash-u escapes
    private static String unstorableText(JsonNode node) {
        if (node.isTextual()) {
            return unstorable(node.textValue());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String why = unstorable(field.getKey());
            if (why == null) {
                why = unstorableText(field.getValue());
            }
            if (why != null) {
                return why;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                String why = unstorableText(element);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    private static String unstorable(String text) {
        if (text.indexOf('\0') >= 0) {
            return "contains a NUL character, which the archive cannot store";
        }
        if (hasUnpairedSurrogate(text)) {
            return "contains an unpaired UTF-16 surrogate, which the archive cannot store";
        }
        return null;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] value, byte[] part) {
        outer:
        for (int i = 0; i <= value.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (value[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
