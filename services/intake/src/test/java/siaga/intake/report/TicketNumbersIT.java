package siaga.intake.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import siaga.contracts.reference.ReferenceData;
import siaga.contracts.reference.ReferenceData.Jurisdiction;
import siaga.runtime.SiagaConfig;
import siaga.runtime.db.Database;
import siaga.testing.TestDatabase;

class TicketNumbersIT {
    static final Jurisdiction MADIUN = ReferenceData.demo().jurisdiction();
    static TestDatabase db;
    static HikariDataSource instanceA;
    static HikariDataSource instanceB;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create();
        SiagaConfig config = db.applyTo(SiagaConfig.of(Map.of()));
        instanceA = Database.dataSource(config, "intake-a", 4);
        instanceB = Database.dataSource(config, "intake-b", 4);
        Database.migrate(instanceA, config, "intake");
    }

    @AfterAll
    static void dropSchema() {
        instanceA.close();
        instanceB.close();
        db.close();
    }

    @Test
    void twoInstancesRacingForNumbersNeverShareOneAndLeaveNoGap() throws Exception {
        Instant during2030 = Instant.parse("2030-06-01T03:00:00Z");
        List<Callable<List<String>>> clerks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TicketNumbers tickets = new TicketNumbers(i % 2 == 0 ? instanceA : instanceB, 1);
            clerks.add(() -> {
                List<String> mine = new ArrayList<>();
                for (int n = 0; n < 25; n++) {
                    mine.add(tickets.next(MADIUN, during2030));
                }
                return mine;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> all = new ArrayList<>();
        try {
            for (Future<List<String>> f : pool.invokeAll(clerks)) {
                all.addAll(f.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(all).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, 200).mapToObj(n -> String.format("MDN-2030-%06d", n)).toList());
    }

    @Test
    void instancesReservingBlocksNeverShareANumberAndEachHandsOutItsOwnInOrder() throws Exception {
        Instant during2031 = Instant.parse("2031-06-01T03:00:00Z");
        TicketNumbers a = new TicketNumbers(instanceA, 10);
        TicketNumbers b = new TicketNumbers(instanceB, 10);
        List<Callable<List<Long>>> clerks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TicketNumbers tickets = i % 2 == 0 ? a : b;
            clerks.add(() -> {
                List<Long> mine = new ArrayList<>();
                for (int n = 0; n < 25; n++) {
                    mine.add(Long.parseLong(tickets.next(MADIUN, during2031).substring("MDN-2031-".length())));
                }
                return mine;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> f : pool.invokeAll(clerks)) {
                List<Long> clerk = f.get();
                assertThat(clerk).isSorted();
                all.addAll(clerk);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(all).doesNotHaveDuplicates().hasSize(200).allMatch(n -> n >= 1 && n <= 200);
        assertThat(a.next(MADIUN, during2031)).isEqualTo("MDN-2031-000201");
        try (var connection = db.connect(); var statement = connection.createStatement();
             var row = statement.executeQuery("select last_number from " + db.schema()
                     + ".ticket_sequence where jurisdiction = 'madiun' and year = 2031")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getLong(1)).as("the block a reserved next, whole").isEqualTo(210);
        }
    }

    @Test
    void numbersByTheYearInTheJurisdictionsTimeZoneAndRestartsEachYear() throws Exception {
        TicketNumbers tickets = new TicketNumbers(instanceA, 1);

        assertThat(tickets.next(MADIUN, Instant.parse("2040-12-31T16:59:59Z"))).isEqualTo("MDN-2040-000001");
        assertThat(tickets.next(MADIUN, Instant.parse("2040-12-31T17:00:00Z"))).isEqualTo("MDN-2041-000001");
        assertThat(tickets.next(MADIUN, Instant.parse("2041-01-01T08:00:00Z"))).isEqualTo("MDN-2041-000002");
        Jurisdiction jayapura = new Jurisdiction("jayapura", "Kota Jayapura", "JYP", ZoneId.of("Asia/Jayapura"),
                MADIUN.bounds());
        assertThat(tickets.next(jayapura, Instant.parse("2040-12-31T15:00:00Z"))).isEqualTo("JYP-2041-000001");
    }

    @Test
    void keepsCountingPastSixDigits() throws Exception {
        db.execute("insert into " + db.schema() + ".ticket_sequence (jurisdiction, year, last_number) values ('madiun', 2050, 999999)");

        assertThat(new TicketNumbers(instanceB, 1).next(MADIUN, Instant.parse("2050-05-05T05:00:00Z"))).isEqualTo("MDN-2050-1000000");
    }
}
