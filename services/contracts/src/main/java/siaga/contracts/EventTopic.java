package siaga.contracts;

import siaga.contracts.events.EventPayload;

/** A topic whose values are events of one family, such as {@code complaints} carrying ComplaintEvent. */
public record EventTopic<P extends EventPayload>(String name, Class<P> payloadType) {
    /** Strictly decoded: a record that is not a valid event of this family raises InvalidEventException. */
    public Event<P> decode(byte[] raw) throws InvalidEventException {
        return EventCodec.decode(raw, payloadType);
    }

    public byte[] encode(Event<? extends P> event) {
        return EventCodec.encode(event);
    }

    @Override
    public String toString() {
        return name;
    }
}
