package siaga.fieldcrew;

import java.time.Clock;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.events.EventPayload;
import siaga.runtime.kafka.DeadLetters;

/**
 * Folds each event into the state stored under its key. An event the fold rejects is forwarded as an encoded
 * dead letter (keyed by the original key, with its source coordinates and reason) and the state stays as it
 * was; nothing else is forwarded. The raw value in the dead letter is the event re-encoded, which is the
 * record's content in canonical form (the original bytes are gone once {@code EventStreams} decoded them).
 *
 * <p>A {@link Projection} keeps further stores of the same task in step with the state (an index, a daily
 * tally); it runs after every applied event, with the state before and after.
 */
final class ViewFolder<S, P extends EventPayload> implements Processor<String, Event<P>, String, byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ViewFolder.class);

    @FunctionalInterface
    interface Fold<S, P extends EventPayload> {
        /** The state after the event; {@code current} itself when nothing changes. */
        S evolve(String key, S current, Event<P> event) throws RejectedEvent;
    }

    @FunctionalInterface
    interface Projection<S, P extends EventPayload> {
        /** Updates the projection's own stores, got from {@code context} by name; {@code before} may be null. */
        void apply(String key, S before, S after, Event<P> event, ProcessorContext<String, byte[]> context);

        static <S, P extends EventPayload> Projection<S, P> none() {
            return (key, before, after, event, context) -> {
            };
        }
    }

    private final String storeName;
    private final Fold<S, P> fold;
    private final Projection<S, P> projection;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, S> store;

    ViewFolder(String storeName, Fold<S, P> fold, Projection<S, P> projection, Clock clock) {
        this.storeName = storeName;
        this.fold = fold;
        this.projection = projection;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Event<P>> record) {
        Event<P> event = record.value();
        S current = store.get(record.key());
        try {
            S next = fold.evolve(record.key(), current, event);
            if (next != current) {
                store.put(record.key(), next);
                projection.apply(record.key(), current, next, event, context);
                log.debug("{} applied {} {} to {}", storeName, event.type(), event.eventId(), record.key());
            }
        } catch (RejectedEvent e) {
            DeadLetter letter = DeadLetters.refused(context.recordMetadata(), record.key(), event, e.getMessage(),
                    FieldCrewService.NAME, clock.instant());
            context.forward(record.withValue(DeadLetters.encode(letter)));
        }
    }
}
