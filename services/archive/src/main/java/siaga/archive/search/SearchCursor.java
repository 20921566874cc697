package siaga.archive.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the next page of a search starts: the sort key ({@code reported_at}, to the microsecond PostgreSQL
 * keeps) and id of the last complaint shown, and the {@link ComplaintQuery#fingerprint} of the search. Opaque to
 * clients: base64url of {@code 1|<epoch micros>|<complaint id>|<fingerprint>}.
 */
public record SearchCursor(Instant reportedAt, UUID complaintId, String fingerprint) {
    private static final String VERSION = "1";

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, reportedAt);
        String text = String.join("|", VERSION, Long.toString(micros), complaintId.toString(), fingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} encodes, or empty when it is not one. */
    public static Optional<SearchCursor> decode(String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                return Optional.empty();
            }
            Instant reportedAt = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return Optional.of(new SearchCursor(reportedAt, UUID.fromString(parts[2]), parts[3]));
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
