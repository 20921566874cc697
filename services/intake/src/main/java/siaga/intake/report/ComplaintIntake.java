package siaga.intake.report;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.Actor;
import siaga.contracts.Event;
import siaga.contracts.Topics;
import siaga.contracts.events.ComplaintEvent;
import siaga.contracts.events.ComplaintReported;
import siaga.intake.view.ComplaintStatus;
import siaga.runtime.http.ProblemException;

/**
 * Records a validated complaint: allocates its ticket, writes {@code complaint.reported} to {@code complaints}
 * keyed by a new complaint id, and returns the receipt only once the broker has acknowledged the write (the
 * producer is idempotent with acks=all). When the database or the broker fails, the caller gets a 503 and
 * no receipt, so an operator never reads out a ticket that is not recorded.
 *
 * <p>A 503 after a send timeout is not proof that nothing was written: the broker may have stored the
 * record and lost only the acknowledgement. A retry of a request that was answered is deduplicated by its
 * idempotency key ({@link IdempotencyKeys}); a retry after such a 503 is not, as the first attempt's outcome is
 * unknown, and may record the complaint a second time (the dispatcher's duplicate merge then catches it).
 *
 * <p>Thread-safe: the producer and the ticket pool are.
 */
public final class ComplaintIntake {
    private static final Logger log = LoggerFactory.getLogger(ComplaintIntake.class);
    /** Beyond the producer's own delivery timeout, so that the producer's verdict normally arrives first. */
    private static final Duration SEND_MARGIN = Duration.ofSeconds(1);

    private final TicketNumbers tickets;
    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final Clock clock;

    public ComplaintIntake(TicketNumbers tickets, Producer<String, byte[]> producer, Duration sendTimeout, Clock clock) {
        this.tickets = tickets;
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.clock = clock;
    }

    public record Receipt(String complaintId, String ticket, ComplaintStatus status, Instant reportedAt) {
    }

    /** Records {@code form}; throws a 503 {@link ProblemException} when it cannot be recorded durably. */
    public Receipt report(ComplaintForm form, Actor actor, String correlationId) {
        Instant reportedAt = clock.instant();
        String ticket = allocateTicket(form, reportedAt);
        String complaintId = UUID.randomUUID().toString();
        Event<ComplaintReported> event = Event.of(form.reported(ticket), form.jurisdictionId(), complaintId, actor,
                correlationId, reportedAt);
        send(event, ticket);
        log.info("reported {} {} category {} priority {} channel {} district {}", complaintId, ticket,
                form.category().code(), form.priority(), form.channel(), form.district());
        return new Receipt(complaintId, ticket, ComplaintStatus.REPORTED, reportedAt);
    }

    /**
     * Records a later fact about a known complaint (cancelled, closed, a note) once the broker has it; the event's
     * time is now. Throws a 503 {@link ProblemException} when it cannot be recorded durably.
     */
    public Event<ComplaintEvent> record(ComplaintEvent fact, String jurisdiction, String complaintId, String ticket,
                                        Actor actor, String correlationId) {
        Event<ComplaintEvent> event = Event.of(fact, jurisdiction, complaintId, actor, correlationId, clock.instant());
        send(event, ticket);
        log.info("recorded {} on {} {} by {}", event.type(), complaintId, ticket, actor.id());
        return event;
    }

    private String allocateTicket(ComplaintForm form, Instant reportedAt) {
        try {
            return tickets.next(form.reference().jurisdiction(), reportedAt);
        } catch (SQLException e) {
            log.warn("no ticket number for a {} complaint in {}: {}", form.category().code(), form.jurisdictionId(),
                    e.getMessage());
            throw ProblemException.unavailable("no ticket number can be allocated right now; the complaint was not "
                    + "recorded, please try again");
        }
    }

    private void send(Event<? extends ComplaintEvent> event, String ticket) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMPLAINTS.name(), event.subjectId(), Topics.COMPLAINTS.encode(event)))
                    .get(sendTimeout.plus(SEND_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw notRecorded(event, ticket, e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw notRecorded(event, ticket, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notRecorded(event, ticket, e);
        }
    }

    private static ProblemException notRecorded(Event<? extends ComplaintEvent> event, String ticket, Throwable cause) {
        log.warn("{} of complaint {} {} not acknowledged by {}: {}", event.type(), event.subjectId(), ticket,
                Topics.COMPLAINTS.name(), cause.toString());
        return ProblemException.unavailable(event.data() instanceof ComplaintReported
                ? "the complaint could not be recorded right now; please try again"
                : "the change could not be recorded right now; please try again");
    }
}
