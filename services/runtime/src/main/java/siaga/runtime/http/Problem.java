package siaga.runtime.http;

import java.util.List;

/** An RFC 9457 problem body: what went wrong and, for bad input, each offending field. */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
