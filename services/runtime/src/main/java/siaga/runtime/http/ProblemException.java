package siaga.runtime.http;

import java.util.List;
import java.util.Map;

/**
 * Thrown by handlers for an expected failure; the one exception mapper in {@link Http} writes it as a
 * problem body. Never carries a stack trace to the client or the log.
 */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        this(status, type, title, detail, errors, Map.of());
    }

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors,
                            Map<String, Object> extensions) {
        super(title + ": " + detail, null, false, false);
        this.problem = new Problem("https://siaga.example/problems/" + type, title, status, detail, errors, extensions);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ProblemException badRequest(String pointer, String message) {
        return badRequest(message, List.of(new FieldError(pointer, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, List.of());
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "unavailable", "Service unavailable", detail, List.of());
    }
}
