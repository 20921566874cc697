package siaga.archive;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.ProblemException;

/**
 * A request's query string, read strictly: a parameter the resource does not know is an error (a typo must not
 * silently widen a search), and so is a value that does not parse. Errors are collected, each naming its
 * parameter by the JSON pointer {@code /<name>}, and thrown together by {@link #throwIfInvalid} as one 400
 * problem. An empty value ({@code ?ticket=}) counts as not given, as HTML forms send them. Not thread-safe.
 */
final class QueryParameters {
    private final Map<String, List<String>> values;
    private final List<FieldError> errors = new ArrayList<>();

    /** {@code unsupported} names parameters the resource deliberately lacks, with the reason given back. */
    QueryParameters(Map<String, List<String>> values, Set<String> known, Map<String, String> unsupported) {
        this.values = values;
        for (String name : new TreeSet<>(values.keySet())) {
            if (unsupported.containsKey(name)) {
                error(name, unsupported.get(name));
            } else if (!known.contains(name)) {
                error(name, "is not a parameter here; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    void error(String name, String message) {
        errors.add(new FieldError("/" + name, message));
    }

    boolean valid(String name) {
        return errors.stream().noneMatch(e -> e.pointer().equals("/" + name));
    }

    /** The one value of {@code name}, or empty when not given; given twice is an error. */
    Optional<String> text(String name) {
        List<String> given = values.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
        if (given.size() > 1) {
            error(name, "must be given once, was given " + given.size() + " times");
            return Optional.empty();
        }
        return given.stream().findFirst();
    }

    /** The values of {@code name}, given repeated or comma-separated ({@code status=queued,dispatched}), each at most {@code maxLength}. */
    List<String> list(String name, int maxLength) {
        List<String> items = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String item : value.split(",")) {
                String trimmed = item.trim();
                if (trimmed.length() > maxLength) {
                    error(name, "values must be at most " + maxLength + " characters");
                } else if (!trimmed.isEmpty() && !items.contains(trimmed)) {
                    items.add(trimmed);
                }
            }
        }
        return items;
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min) {
                error(name, "must be at least " + min + ", was " + value);
            } else if (value > max) {
                error(name, "must be at most " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            error(name, "must be a whole number, was '" + text.get() + "'");
            return defaultValue;
        }
    }

    /** An IANA time-zone id ({@code Asia/Jakarta}), or {@code defaultValue}. */
    ZoneId zone(String name, ZoneId defaultValue) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (!ZoneId.getAvailableZoneIds().contains(text.get())) {
            error(name, "must be an IANA time zone such as Asia/Jakarta, was '" + text.get() + "'");
            return defaultValue;
        }
        return ZoneId.of(text.get());
    }

    /**
     * A moment: an instant ({@code 2026-03-02T01:00:00Z}), an offset date-time ({@code 2026-03-02T08:00:00+07:00}),
     * or a local date-time or date in {@code zone}. A date means the start of that day, or with {@code endOfDay}
     * the start of the next, so that {@code to=2026-03-02} includes the whole of 2 March.
     */
    Instant moment(String name, ZoneId zone, boolean endOfDay) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return null;
        }
        String value = text.get();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeException notLocal) {
                try {
                    LocalDate day = LocalDate.parse(value);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
                } catch (DateTimeException notDate) {
                    error(name, "must be an ISO-8601 instant, date-time or date (2026-03-02T08:00:00+07:00,"
                            + " 2026-03-02), was '" + value + "'");
                    return null;
                }
            }
        }
    }

    /** A local date ({@code 2026-03-02}), or {@code defaultValue}. */
    LocalDate date(String name, LocalDate defaultValue) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return LocalDate.parse(text.get());
        } catch (DateTimeException e) {
            error(name, "must be an ISO-8601 date such as 2026-03-02, was '" + text.get() + "'");
            return defaultValue;
        }
    }

    /** One of {@code allowed}, or {@code defaultValue}. */
    String choice(String name, List<String> allowed, String defaultValue) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (!allowed.contains(text.get())) {
            error(name, "must be one of " + String.join(", ", allowed) + ", was '" + text.get() + "'");
            return defaultValue;
        }
        return text.get();
    }

    /** Throws a 400 problem listing every error found so far, if any. */
    void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        FieldError first = errors.get(0);
        String detail = errors.size() == 1 ? "query parameter " + first.pointer().substring(1) + " " + first.message()
                : errors.size() + " query parameters are invalid";
        throw ProblemException.badRequest(detail, errors);
    }
}
