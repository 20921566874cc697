package siaga.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.postgresql.PGConnection;
import siaga.contracts.Event;
import siaga.contracts.EventCodec;
import siaga.contracts.Json;
import siaga.contracts.events.SlaStage;
import siaga.contracts.reference.ReferenceCatalog;
import siaga.contracts.reference.ReferenceData;
import siaga.runtime.ServiceHost;
import siaga.runtime.SiagaConfig;
import siaga.runtime.kafka.KafkaSettings;
import siaga.testing.DemoUsers;
import siaga.testing.TestDatabase;
import siaga.testing.TestKafka;

/**
 * The archive's benchmark, run by hand, not by the build (services/archive/README.md, "Benchmark"):
 * <ol>
 *   <li>writes {@code complaints} complaints of Kota Madiun over 59 days (default 100 000; about six events each:
 *       their lifecycle and the SLA monitor's verdicts) to an embedded broker;</li>
 *   <li>starts the archive and times it draining that backlog into PostgreSQL: sustained events per second, from
 *       the moment it is ready to the moment every offset is stored;</li>
 *   <li>copies the same rows out of {@code events} and times {@code COPY ... FROM STDIN} of them into a table laid
 *       out as {@code events} is (same monthly partitions, same index): the ceiling the archive is compared with;</li>
 *   <li>analyzes {@code complaint_state} and {@code sla_outcomes}, as autovacuum would soon after, then times
 *       {@code searches} searches over HTTP (default 2000, after 200 to warm up), a mix of the filters an
 *       operator uses and deeper pages by cursor, and {@code 20} reports per department per day over 30 days.</li>
 * </ol>
 * Uses the local PostgreSQL (a schema of its own, dropped at the end) as the integration tests do. The system
 * property {@code maxPollRecords} sets {@code SIAGA_ARCHIVE_MAX_POLL_RECORDS} (default 500, the archive's default).
 */
public final class ArchiveBenchmark {
    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(59);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ArchiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int complaints = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int searches = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        ReferenceData madiun = ReferenceData.demo();
        try (TestKafka kafka = TestKafka.start(); TestDatabase db = TestDatabase.create()) {
            SiagaConfig config = db.applyTo(kafka.config())
                    .with(ArchiveConfig.MAX_POLL_RECORDS, System.getProperty("maxPollRecords", "500"));
            long produceStart = System.nanoTime();
            long events = produce(config, madiun, complaints);
            System.out.printf("produced %d events of %d complaints in %.1f s%n", events, complaints, seconds(produceStart));

            ArchiveService archive = new ArchiveService(config, ReferenceCatalog.demo(), Clock.systemUTC());
            ServiceHost host = new ServiceHost(config, ReferenceCatalog.demo(), Clock.systemUTC(), List.of(archive));
            try {
                int port = host.start(0);
                while (!archive.health().ready()) {
                    Thread.sleep(50);
                }
                long drainStart = System.nanoTime();
                while (storedRecords(db) < events) {
                    Thread.sleep(100);
                }
                double drainSeconds = seconds(drainStart);
                double archiveRate = events / drainSeconds;
                System.out.printf("archive: %d events in %.1f s = %.0f events/s%n", events, drainSeconds, archiveRate);

                // the statistics autovacuum gathers a while after a bulk load; the searches' plans depend on them
                db.execute("analyze " + db.schema() + ".complaint_state");
                db.execute("analyze " + db.schema() + ".sla_outcomes");
                double copyRate = copyRate(db, events);
                System.out.printf("COPY of the same rows: %.0f events/s; archive / COPY = %.2f%n", copyRate, archiveRate / copyRate);

                searchLatency(port, madiun, complaints, searches);
            } finally {
                host.close();
            }
        }
    }

    private static long produce(SiagaConfig config, ReferenceData madiun, int complaints) throws Exception {
        Properties props = KafkaSettings.producer(config, "archive-benchmark");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long count = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < complaints; i++) {
                for (Event<?> event : lifecycle(madiun, i, complaints)) {
                    producer.send(new ProducerRecord<>(EventSender.topicOf(event), event.subjectId(), EventCodec.encode(event)),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    count++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return count;
    }

    /** Complaint {@code i} of {@code n}: 5% only reported, 5% queued, 10% dispatched, 5% acknowledged, the rest resolved. */
    private static List<Event<?>> lifecycle(ReferenceData madiun, int i, int n) {
        ReferenceData.Category category = madiun.categories().get(i % madiun.categories().size());
        List<ReferenceData.Crew> crews = madiun.crews().stream().filter(c -> c.department().equals(category.department())).toList();
        String crew = crews.get(i % crews.size()).id();
        Instant at = START.plusMillis(SPAN.toMillis() / n * i);
        Complaint complaint = Complaint.reported(ticket(i), category.code(), category.department(),
                madiun.districts().get(i % madiun.districts().size()).id(), phone(i), at);
        List<Event<?>> events = new ArrayList<>();
        events.add(complaint.reported());
        int kind = i % 20;
        if (kind == 0) {
            return events;
        }
        if (kind == 1) {
            events.add(complaint.queued(at.plusSeconds(5)));
            return events;
        }
        Instant dispatched = at.plusSeconds(60 + i % 600);
        events.add(complaint.dispatched(crew, dispatched));
        events.add(complaint.met(SlaStage.DISPATCH, dispatched, category.sla().dispatch()));
        if (kind <= 3) {
            return events;
        }
        Instant acknowledged = dispatched.plusSeconds(120 + i % 900);
        events.add(complaint.acknowledged(crew, acknowledged));
        events.add(complaint.met(SlaStage.ACKNOWLEDGE, acknowledged, category.sla().acknowledge()));
        if (kind == 4) {
            return events;
        }
        Instant resolved = acknowledged.plusSeconds(1800 + i % 7200);
        events.add(complaint.resolved(crew, resolved));
        events.add(complaint.met(SlaStage.RESOLVE, resolved, category.sla().resolve()));
        return events;
    }

    private static String ticket(int i) {
        return "MDN-2026-%06d".formatted(i);
    }

    private static String phone(int i) {
        return "0812%08d".formatted(i);
    }

    private static long storedRecords(TestDatabase db) {
        return ArchiveTables.count(db, "select coalesce(sum(next_offset), 0) from consumer_offsets");
    }

    /** COPY OUT of every events row to a file, then the time of COPY IN of that file into a copy of the layout. */
    private static double copyRate(TestDatabase db, long events) throws SQLException, IOException {
        Path file = Files.createTempFile("archive-benchmark-", ".csv");
        String columns = "event_id, type, schema_version, occurred_at, jurisdiction, subject_id, complaint_id, crew_id,"
                + " actor_role, actor_id, correlation_id, topic, partition, \"offset\", payload, archived_at";
        try (Connection c = db.connect()) {
            try (OutputStream out = Files.newOutputStream(file)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select " + columns + " from events) to stdout with (format csv)", out);
            }
            try (Statement s = c.createStatement()) {
                s.execute("create table events_copy (like events) partition by range (occurred_at)");
                List<String[]> partitions = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i"
                        + " join pg_class c on c.oid = i.inhrelid where i.inhparent = 'events'::regclass")) {
                    while (rs.next()) {
                        partitions.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] partition : partitions) {
                    s.execute("create table copy_" + partition[0] + " partition of events_copy " + partition[1]);
                }
                s.execute("create index on events_copy (complaint_id, occurred_at) where complaint_id is not null");
            }
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                long copied = c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy events_copy (" + columns + ") from stdin with (format csv)", in);
                if (copied != events) {
                    throw new IllegalStateException("copied " + copied + " rows, expected " + events);
                }
            }
            double rate = events / seconds(start);
            try (Statement s = c.createStatement()) {
                s.execute("drop table events_copy");
            }
            return rate;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void searchLatency(int port, ReferenceData madiun, int complaints, int searches) throws Exception {
        // signed in once before the clock starts: bcrypt is not what this measures
        String token = new DemoUsers(URI.create("http://localhost:" + port)).token(DemoUsers.MANAGER);
        Random random = new Random(42);
        Map<String, List<Long>> byKind = new TreeMap<>();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < searches + 200; i++) {
            boolean counted = i >= 200;
            int kind = random.nextInt(8);
            String department = madiun.departments().get(random.nextInt(madiun.departments().size())).code();
            String path = switch (kind) {
                case 0 -> "/api/complaints";
                case 1 -> "/api/complaints?department=" + department;
                case 2 -> "/api/complaints?status=dispatched";
                case 3 -> {
                    LocalDate day = LocalDate.ofInstant(START, ZoneId.of("Asia/Jakarta")).plusDays(random.nextInt(59));
                    yield "/api/complaints?category=" + madiun.categories().get(random.nextInt(madiun.categories().size())).code()
                            + "&from=" + day + "&to=" + day;
                }
                case 4 -> "/api/complaints?ticket=" + ticket(random.nextInt(complaints));
                case 5 -> "/api/complaints?phone=" + URLEncoder.encode(phone(random.nextInt(complaints)), StandardCharsets.UTF_8);
                case 6 -> "/api/complaints?crew=" + madiun.crews().get(random.nextInt(madiun.crews().size())).id()
                        + "&status=resolved&sort=reportedAt";
                default -> "/api/complaints?kecamatan=" + madiun.districts().get(random.nextInt(madiun.districts().size())).id()
                        + "&status=reported,queued,dispatched,acknowledged";
            };
            String cursor = null;
            // a third of the searches read on through five more pages
            int pages = random.nextInt(3) == 0 ? 6 : 1;
            for (int page = 0; page < pages; page++) {
                String url = path + (cursor == null ? "" : (path.contains("?") ? "&" : "?") + "cursor=" + cursor);
                long start = System.nanoTime();
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + url))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - start;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
                }
                if (counted) {
                    all.add(nanos);
                    byKind.computeIfAbsent(page == 0 ? label(kind) : "next page by cursor", k -> new ArrayList<>()).add(nanos);
                }
                String next = Json.MAPPER.readTree(response.body()).path("nextCursor").asText(null);
                if (next == null || next.equals("null")) {
                    break;
                }
                cursor = next;
            }
        }
        System.out.printf("search over %d complaints, %d requests: %s%n", complaints, all.size(), percentiles(all));
        byKind.forEach((kind, nanos) -> System.out.printf("  %-34s %5d requests: %s%n", kind, nanos.size(), percentiles(nanos)));

        List<Long> reports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/reports/department?period=day&from=2026-02-01&to=2026-03-02"))
                    .header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("report answered " + response.statusCode() + ": " + response.body());
            }
            reports.add(System.nanoTime() - start);
        }
        System.out.printf("report per department per day over 30 days, 20 requests: %s%n", percentiles(reports));
    }

    private static String label(int kind) {
        return List.of("newest first", "by department", "by status", "by category and day", "by ticket", "by phone",
                "by crew and status, oldest first", "by kecamatan and open statuses").get(kind);
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        Map<String, Double> figures = new LinkedHashMap<>();
        for (int p : new int[] {50, 90, 99}) {
            figures.put("p" + p, sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1) / 1e6);
        }
        figures.put("max", sorted.get(sorted.size() - 1) / 1e6);
        StringBuilder text = new StringBuilder();
        figures.forEach((name, millis) -> text.append(name).append(' ').append("%.1f".formatted(millis)).append(" ms  "));
        return text.toString().trim();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
