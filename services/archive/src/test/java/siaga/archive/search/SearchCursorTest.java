package siaga.archive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import siaga.archive.complaint.ComplaintStatus;

class SearchCursorTest {
    @Test
    void readsBackTheSortKeyToTheMicrosecondAndTheSearchItBelongsTo() {
        SearchCursor cursor = new SearchCursor(Instant.parse("2026-03-02T01:02:03.123456Z"), UUID.randomUUID(), "0a1b2c3d4e5f6071");

        assertThat(SearchCursor.decode(cursor.encode())).contains(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void readsNothingFromWhatIsNotACursor() {
        assertThat(SearchCursor.decode("not a cursor!")).isEmpty();
        assertThat(SearchCursor.decode("MnwxfHh8eQ")).isEmpty();
        assertThat(SearchCursor.decode("")).isEmpty();
    }

    @Test
    void aSearchsFingerprintChangesWithItsFiltersAndSortButNotItsPageOrZone() {
        ComplaintQuery query = query(List.of("DLH"), false, 50, ZoneId.of("Asia/Jakarta"));

        assertThat(query(List.of("DLH"), false, 10, ZoneId.of("Asia/Jayapura")).fingerprint()).isEqualTo(query.fingerprint());
        assertThat(query(List.of("DISHUB"), false, 50, ZoneId.of("Asia/Jakarta")).fingerprint()).isNotEqualTo(query.fingerprint());
        assertThat(query(List.of("DLH"), true, 50, ZoneId.of("Asia/Jakarta")).fingerprint()).isNotEqualTo(query.fingerprint());
    }

    private static ComplaintQuery query(List<String> departments, boolean ascending, int limit, ZoneId zone) {
        return new ComplaintQuery("madiun", null, null, List.of(ComplaintStatus.QUEUED), List.of(), departments,
                List.of(), List.of(), Instant.parse("2026-03-01T00:00:00Z"), null, ascending, null, limit, zone);
    }
}
