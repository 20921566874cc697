package siaga.runtime.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem body: what went wrong and, for bad input, each offending field. {@code extensions} are
 * further members a client acts on (a 409's current state, say), written beside the standard ones.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors,
                      @JsonIgnore Map<String, Object> extensions) {
    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public Problem(String type, String title, int status, String detail, List<FieldError> errors) {
        this(type, title, status, detail, errors, Map.of());
    }

    @JsonAnyGetter
    public Map<String, Object> members() {
        return extensions;
    }
}
