package siaga.fieldcrew;

/** A well-formed event that breaks a rule of the view it is folded into; it goes to dead-letter with this reason. */
final class RejectedEvent extends Exception {
    RejectedEvent(String reason) {
        super(reason, null, false, false);
    }
}
