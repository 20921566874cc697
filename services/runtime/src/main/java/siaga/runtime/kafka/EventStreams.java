package siaga.runtime.kafka;

import java.time.Clock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import siaga.contracts.DeadLetter;
import siaga.contracts.Event;
import siaga.contracts.EventTopic;
import siaga.contracts.InvalidEventException;
import siaga.contracts.Topics;
import siaga.contracts.events.EventPayload;

/**
 * Reading an event topic in a topology: every record is decoded strictly; a record that is not a valid event
 * of the topic's family goes to {@code dead-letter} with the reason and its source coordinates, and the
 * stream goes on. Nodes are named {@code read-<topic>}, {@code decode-<topic>}, {@code dead-letter-<topic>}.
 */
public final class EventStreams {
    private EventStreams() {
    }

    public static <P extends EventPayload> KStream<String, Event<P>> events(
            StreamsBuilder builder, EventTopic<P> topic, String service, Clock clock) {
        KStream<String, byte[]> raw = builder.stream(topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + topic.name()));
        return decode(raw, topic, service, clock);
    }

    /** Decodes a raw stream already read, for topologies that read a topic themselves. */
    public static <P extends EventPayload> KStream<String, Event<P>> decode(
            KStream<String, byte[]> raw, EventTopic<P> topic, String service, Clock clock) {
        KStream<String, Decoded<P>> decoded = raw.processValues(
                () -> new Decoder<>(topic, service, clock), Named.as("decode-" + topic.name()));
        decoded.filter((key, d) -> d.failure() != null, Named.as("rejected-" + topic.name()))
                .mapValues(d -> DeadLetters.encode(d.failure()), Named.as("encode-dead-letter-" + topic.name()))
                .to(Topics.DEAD_LETTER, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-" + topic.name()));
        return decoded.filter((key, d) -> d.event() != null, Named.as("accepted-" + topic.name()))
                .mapValues(Decoded::event, Named.as("events-" + topic.name()));
    }

    record Decoded<P extends EventPayload>(Event<P> event, DeadLetter failure) {
    }

    private static final class Decoder<P extends EventPayload> implements FixedKeyProcessor<String, byte[], Decoded<P>> {
        private final EventTopic<P> topic;
        private final String service;
        private final Clock clock;
        private FixedKeyProcessorContext<String, Decoded<P>> context;

        Decoder(EventTopic<P> topic, String service, Clock clock) {
            this.topic = topic;
            this.service = service;
            this.clock = clock;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Decoded<P>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            try {
                Event<P> event = topic.decode(record.value());
                if (record.key() == null || !record.key().equals(event.subjectId())) {
                    throw new InvalidEventException("key " + record.key() + " is not the event's subject " + event.subjectId());
                }
                context.forward(record.withValue(new Decoded<>(event, null)));
            } catch (InvalidEventException e) {
                context.forward(record.withValue(new Decoded<>(null, DeadLetters.refused(context.recordMetadata(),
                        topic.name(), record.key(), record.value(), e.getMessage(), service, clock.instant()))));
            }
        }
    }
}
