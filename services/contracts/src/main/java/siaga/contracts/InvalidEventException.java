package siaga.contracts;

/** A record that cannot become an event: not JSON, unknown type, schema violation or broken invariant. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }
}
