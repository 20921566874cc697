package siaga.archive.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import siaga.archive.ComplaintStory;
import siaga.archive.ingest.ArchiveBatch.ArchivedDeadLetter;
import siaga.archive.ingest.ArchiveBatch.ArchivedEvent;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.events.SlaStage;
import siaga.contracts.events.StageMet;
import siaga.runtime.kafka.DeadLetters;

class ArchiveBatchTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final ComplaintStory story = ComplaintStory.aStreetLightOut("MDN-2026-000001", T0);
    final String key = story.complaintId().toString();

    static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String key, byte[] value) {
        return new ConsumerRecord<>(topic, partition, offset, key, value);
    }

    static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String key, Event<?> event) {
        return record(topic, partition, offset, key, EventCodec.encode(event));
    }

    @Test
    void archivesEventsWithTheirComplaintCrewAndCoordinates() {
        ArchiveBatch batch = ArchiveBatch.of(List.of(
                record("complaints", 2, 10, key, story.reported()),
                record("dispatch", 2, 4, key, story.dispatched()),
                record("crews", 5, 0, "dishub-1", story.shiftStarted()),
                record("sla", 2, 7, key, story.dispatchMet())));

        assertThat(batch.events()).extracting(ArchivedEvent::topic, ArchivedEvent::partition, ArchivedEvent::offset,
                        ArchivedEvent::complaintId, ArchivedEvent::crewId, e -> e.event().eventId())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("complaints", 2, 10L, story.complaintId(), null, story.reported().eventId()),
                        org.assertj.core.groups.Tuple.tuple("dispatch", 2, 4L, story.complaintId(), "dishub-1", story.dispatched().eventId()),
                        org.assertj.core.groups.Tuple.tuple("crews", 5, 0L, null, "dishub-1", story.shiftStarted().eventId()),
                        org.assertj.core.groups.Tuple.tuple("sla", 2, 7L, story.complaintId(), null, story.dispatchMet().eventId()));
        assertThat(batch.events().get(0).envelopeJson())
                .isEqualTo(new String(EventCodec.encode(story.reported()), StandardCharsets.UTF_8));
        assertThat(batch.refused()).isEmpty();
        assertThat(batch.deadLetters()).isEmpty();
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(
                new TopicPartition("complaints", 2), 11L, new TopicPartition("dispatch", 2), 5L,
                new TopicPartition("crews", 5), 1L, new TopicPartition("sla", 2), 8L));
    }

    @Test
    void refusesWhatIsNotAnArchivableEventAndStillAdvancesPastIt() {
        String nul = new String(EventCodec.encode(story.acknowledged()), StandardCharsets.UTF_8)
                .replace("\"correlationId\":\"call-MDN-2026-000001\"", "\"correlationId\":\"call\\u0000\"");
        ArchiveBatch batch = ArchiveBatch.of(List.of(
                record("field", 1, 3, key, "not json".getBytes(StandardCharsets.UTF_8)),
                record("field", 1, 4, key, story.reported()),
                record("field", 1, 5, key, nul.getBytes(StandardCharsets.UTF_8)),
                record("dispatch", 0, 0, "x", notAComplaintId()),
                record("field", 1, 6, key, story.acknowledged())));

        assertThat(batch.refused()).extracting(ArchiveBatch.Refused::topic, ArchiveBatch.Refused::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("field", 3L),
                        org.assertj.core.groups.Tuple.tuple("field", 4L),
                        org.assertj.core.groups.Tuple.tuple("field", 5L),
                        org.assertj.core.groups.Tuple.tuple("dispatch", 0L));
        assertThat(batch.refused().get(0).reason()).startsWith("not valid JSON");
        assertThat(batch.refused().get(0).value()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(batch.refused().get(0).key()).isEqualTo(key);
        assertThat(batch.refused().get(1).reason())
                .isEqualTo("complaint.reported v" + story.reported().schemaVersion() + " is not a FieldEvent");
        assertThat(batch.refused().get(2).reason()).isEqualTo("contains a NUL character, which the archive cannot store");
        assertThat(batch.refused().get(3).reason())
                .isEqualTo("subjectId on dispatch must be a complaint id (a lower-case UUID), was 'MDN-0001'");
        assertThat(batch.events()).extracting(e -> e.event().eventId()).containsExactly(story.acknowledged().eventId());
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(
                new TopicPartition("field", 1), 7L, new TopicPartition("dispatch", 0), 1L));
    }

    @Test
    void storesDeadLettersAndKeepsUnreadableOnesWithTheReason() {
        DeadLetter letter = DeadLetters.of("field", 1, 3, key, "not\0json".getBytes(StandardCharsets.UTF_8),
                "not valid JSON: Unrecognized token", "archive", T0);
        ArchiveBatch batch = ArchiveBatch.of(List.of(
                record("dead-letter", 0, 8, key, DeadLetters.encode(letter)),
                record("dead-letter", 0, 9, "k", "garbage".getBytes(StandardCharsets.UTF_8))));

        assertThat(batch.deadLetters()).hasSize(2);
        assertThat(batch.deadLetters().get(0)).isEqualTo(new ArchivedDeadLetter(0, 8, "field", 1, 3L, key,
                "not\uFFFDjson", "not valid JSON: Unrecognized token", "archive", T0));
        ArchivedDeadLetter unreadable = batch.deadLetters().get(1);
        assertThat(unreadable.sourceTopic()).isNull();
        assertThat(unreadable.sourcePartition()).isNull();
        assertThat(unreadable.key()).isEqualTo("k");
        assertThat(unreadable.rawValue()).isEqualTo("garbage");
        assertThat(unreadable.reason()).startsWith("unreadable dead letter: Unrecognized token 'garbage'");
        assertThat(unreadable.failedAt()).isNull();
        assertThat(batch.events()).isEmpty();
        assertThat(batch.refused()).isEmpty();
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(new TopicPartition("dead-letter", 0), 10L));
    }

    @Test
    void refusesAnSlaVerdictWhoseTimesTheArchiveCannotStore() {
        Event<StageMet> yearZero = story.reported().followedBy(new StageMet(SlaStage.DISPATCH, "street-light-out",
                "DISHUB", Instant.parse("0000-06-01T00:00:00Z"), T0, 120_000, 900_000, true), story.dispatchMet().actor(), T0);

        ArchiveBatch batch = ArchiveBatch.of(List.of(record("sla", 2, 7, key, yearZero)));

        assertThat(batch.events()).isEmpty();
        assertThat(batch.refused()).extracting(ArchiveBatch.Refused::reason)
                .containsExactly("data.startedAt 0000-06-01T00:00:00Z is outside the years 1 to 9999");
        assertThat(batch.nextOffsets()).isEqualTo(Map.of(new TopicPartition("sla", 2), 8L));
    }

    @Test
    void refusesAReportWhoseTicketAnotherComplaintHoldsInTheArchiveOrEarlierInTheBatch() {
        ComplaintStory holder = ComplaintStory.aStreetLightOut("MDN-2026-000002", T0);
        ComplaintStory sameTicket = ComplaintStory.aStreetLightOut("MDN-2026-000002", T0.plusSeconds(60));
        ComplaintStory takenInArchive = ComplaintStory.aStreetLightOut("MDN-2026-000001", T0.plusSeconds(120));
        UUID archived = UUID.randomUUID();
        ArchiveBatch batch = ArchiveBatch.of(List.of(
                record("complaints", 0, 5, "k5", takenInArchive.reported()),
                record("complaints", 0, 3, "not json", "not json".getBytes(StandardCharsets.UTF_8)),
                record("complaints", 1, 7, holder.complaintId().toString(), holder.reported()),
                record("complaints", 2, 9, sameTicket.complaintId().toString(), sameTicket.reported()),
                record("dispatch", 2, 4, sameTicket.complaintId().toString(), sameTicket.dispatched()),
                record("complaints", 3, 2, key, story.reported())));

        assertThat(batch.reportedTickets()).containsExactly("MDN-2026-000001", "MDN-2026-000002");
        ArchiveBatch checked = batch.refusingTakenTickets(Map.of("MDN-2026-000001", archived));

        assertThat(checked.events()).extracting(e -> e.event().eventId()).containsExactly(
                holder.reported().eventId(), sameTicket.dispatched().eventId());
        assertThat(checked.refused()).extracting(ArchiveBatch.Refused::partition, ArchiveBatch.Refused::offset,
                        ArchiveBatch.Refused::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 3L, "not json"),
                        org.assertj.core.groups.Tuple.tuple(0, 5L, "k5"),
                        org.assertj.core.groups.Tuple.tuple(2, 9L, sameTicket.complaintId().toString()),
                        org.assertj.core.groups.Tuple.tuple(3, 2L, key));
        assertThat(checked.refused().get(1).reason()).isEqualTo("ticket MDN-2026-000001 is already held by complaint "
                + archived + "; the report of complaint " + takenInArchive.complaintId() + " (event "
                + takenInArchive.reported().eventId() + ") cannot take it");
        assertThat(checked.refused().get(2).reason()).startsWith("ticket MDN-2026-000002 is already held by complaint "
                + holder.complaintId() + ";");
        assertThat(checked.refused().get(2).value()).isEqualTo(EventCodec.encode(sameTicket.reported()));
        assertThat(checked.nextOffsets()).isEqualTo(batch.nextOffsets());
    }

    @Test
    void keepsAReportWhoseTicketItsOwnComplaintHolds() {
        ArchiveBatch batch = ArchiveBatch.of(List.of(record("complaints", 2, 10, key, story.reported())));

        assertThat(batch.refusingTakenTickets(Map.of("MDN-2026-000001", story.complaintId()))).isSameAs(batch);
    }

    private byte[] notAComplaintId() {
        Event<?> dispatched = new Event<>(story.dispatched().eventId(), story.dispatched().type(), story.dispatched().schemaVersion(),
                story.dispatched().occurredAt(), "madiun", "MDN-0001", story.dispatched().actor(), "c",
                story.dispatched().data());
        return EventCodec.encode(dispatched);
    }
}
