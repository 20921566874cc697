package siaga.runtime.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.InvalidEventException;
import siaga.contracts.events.EventPayload;

/**
 * Events of one family in and out of Kafka Streams internals (repartitions, stores) and for writing to
 * topics. Reading an external topic goes through {@link EventStreams#events} instead, which dead-letters bad
 * records rather than failing on them.
 */
public final class EventSerde<P extends EventPayload> implements Serde<Event<P>> {
    private final Class<P> family;

    public EventSerde(Class<P> family) {
        this.family = family;
    }

    @Override
    public Serializer<Event<P>> serializer() {
        return (topic, event) -> event == null ? null : EventCodec.encode(event);
    }

    @Override
    public Deserializer<Event<P>> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return EventCodec.decode(bytes, family);
            } catch (InvalidEventException e) {
                throw new SerializationException("invalid event on " + topic + ": " + e.getMessage());
            }
        };
    }
}
