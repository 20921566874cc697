package siaga.intake.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import siaga.runtime.http.FieldError;
import siaga.runtime.http.Http;
import siaga.runtime.http.ProblemException;

/**
 * Strict reading of request parts shared by intake's routes: bodies must be valid UTF-8 (a malformed byte is
 * refused, never replaced by U+FFFD and stored), JSON bodies must be objects, headers have a length limit,
 * and query parameters the route does not know are refused.
 */
public final class Requests {
    public static final int MAX_HEADER_LENGTH = 100;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]|[\\uFFFD\\uFFFE\\uFFFF]");

    private Requests() {
    }

    /** The body, decoded strictly ({@link Http#utf8Body}), as a JSON object, or a 400 problem saying why it is not one. */
    public static JsonNode jsonObject(Context ctx) {
        return Http.jsonBody(ctx);
    }

    /** A body of exactly one text field, 1 to {@code maxLength} characters after stripping: {"reason": "..."}. */
    public static String singleText(JsonNode body, String field, int maxLength) {
        return texts(body, Set.of(field), Set.of(), Set.of(), maxLength).get(field);
    }

    /**
     * The text fields of {@code body}, each 1 to {@code maxLength} characters after stripping: every one of
     * {@code required}, those of {@code optional} that are present and not null. A field in {@code others} is left
     * for the caller to read; any other field is refused. A 400 problem names every field that is wrong.
     */
    public static Map<String, String> texts(JsonNode body, Set<String> required, Set<String> optional,
                                            Set<String> others, int maxLength) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : required) {
            text(body, field, true, maxLength, errors).ifPresent(v -> values.put(field, v));
        }
        for (String field : optional) {
            text(body, field, false, maxLength, errors).ifPresent(v -> values.put(field, v));
        }
        List<String> known = new ArrayList<>(required);
        known.addAll(optional);
        known.addAll(others);
        java.util.Collections.sort(known);
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(new FieldError("/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not a known field; expected " + known));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(errors.size() == 1 ? errors.get(0).pointer() + " " + errors.get(0).message()
                    : errors.size() + " fields of the request are invalid", errors);
        }
        return values;
    }

    private static Optional<String> text(JsonNode body, String field, boolean required, int maxLength,
                                         List<FieldError> errors) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("/" + field, "is required"));
            }
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new FieldError("/" + field, "must be a string"));
            return Optional.empty();
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            errors.add(new FieldError("/" + field, "must not be blank"));
        } else if (CONTROL.matcher(value).find()) {
            errors.add(new FieldError("/" + field, "must not contain control characters other than line breaks and tabs"));
        } else if (value.length() > maxLength) {
            errors.add(new FieldError("/" + field, "must be at most " + maxLength + " characters, was " + value.length()));
        } else {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /** A header's stripped value when present; a 400 problem when it is blank or too long. */
    public static Optional<String> header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_HEADER_LENGTH) {
            throw ProblemException.badRequest("header " + name + " must be 1 to " + MAX_HEADER_LENGTH
                    + " characters when present", List.of());
        }
        return Optional.of(trimmed);
    }

    /** Refuses query parameters outside {@code known}, naming each. */
    public static void onlyQueryParameters(Context ctx, Set<String> known) {
        List<FieldError> unknown = ctx.queryParamMap().keySet().stream()
                .filter(name -> !known.contains(name))
                .map(name -> new FieldError("/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not a known query parameter; expected " + known.stream().sorted().toList()))
                .toList();
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest(unknown.size() + " unknown query parameters", unknown);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
