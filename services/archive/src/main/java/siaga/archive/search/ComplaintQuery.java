package siaga.archive.search;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import siaga.archive.complaint.ComplaintStatus;

/**
 * One page's worth of a complaint search: the filters (each null or empty when not given; a list matches any of
 * its values), the sort order of {@code reported_at}, where the page starts ({@code after}, null for the first),
 * how many complaints it holds, and the zone its local times are shown in.
 *
 * <p>{@code from} is inclusive and {@code to} exclusive, both on {@code reported_at}; {@code phone} is in the
 * form {@link siaga.archive.complaint.ReporterPhone} stores; {@code districts} are kecamatan ids.
 */
public record ComplaintQuery(
        String jurisdiction,
        String ticket,
        String phone,
        List<ComplaintStatus> statuses,
        List<String> categories,
        List<String> departments,
        List<String> districts,
        List<String> crews,
        Instant from,
        Instant to,
        boolean ascending,
        SearchCursor after,
        int limit,
        ZoneId zone) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public ComplaintQuery {
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        statuses = List.copyOf(statuses);
        categories = List.copyOf(categories);
        departments = List.copyOf(departments);
        districts = List.copyOf(districts);
        crews = List.copyOf(crews);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Objects.requireNonNull(zone, "zone");
    }

    /** This search from after {@code cursor} on. */
    public ComplaintQuery after(SearchCursor cursor) {
        return new ComplaintQuery(jurisdiction, ticket, phone, statuses, categories, departments, districts, crews, from,
                to, ascending, cursor, limit, zone);
    }

    /**
     * A fingerprint of the filters and the sort order, which a cursor carries: a cursor continues only the search
     * it came from. The zone and the page size are left out, as a next page may change them.
     */
    public String fingerprint() {
        String canonical = String.join("\n", jurisdiction, String.valueOf(ticket), String.valueOf(phone),
                statuses.toString(), categories.toString(), departments.toString(), districts.toString(),
                crews.toString(), String.valueOf(from), String.valueOf(to), ascending ? "asc" : "desc");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
